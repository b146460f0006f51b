package org.sgdobservatory.listener.judge;

import java.util.Arrays;
import java.util.OptionalLong;

import org.sgdobservatory.listener.sample.DirectionSampler;
import org.sgdobservatory.listener.sample.ObservationSession;
import org.sgdobservatory.listener.stats.TraceMoments;
import org.sgdobservatory.sim.stats.Median;

/**
 * Whether a window observed enough to be judged, for a window that may extend itself: the median effective sample
 * size of the eigen-directions (of the tracked parameters when there are no directions) against the minimum a
 * judgement needs. When it falls short, the iterations still needed follow from the ESS growing in proportion to the
 * window: {@code T (ESS_min / ESS - 1)}, with 10% to spare and at most nine times what was observed (a trace with
 * almost no effective samples says little about how many it will have). Stateless.
 */
public final class WindowSufficiency {

    private static final double SPARE = 1.1;
    private static final double MAX_FACTOR = 10;

    private WindowSufficiency() {
    }

    /**
     * The iterations more to observe, or empty when the window is enough.
     *
     * @param session what was sampled
     * @param observedIterations iterations observed so far
     * @param minEffectiveSampleSize the ESS a judgement needs
     */
    public static OptionalLong shortfall(ObservationSession session, long observedIterations,
                                         double minEffectiveSampleSize) {
        TraceMoments moments = session.directions().map(DirectionSampler::moments).filter(m -> m.count() >= 2)
                .orElse(session.sampler().moments());
        if (moments.count() < 2) {
            return OptionalLong.of(observedIterations);
        }
        double[] floors = new double[moments.size()];
        Arrays.fill(floors, Double.NaN);
        TraceEstimates est = TraceEstimates.of(moments, floors);
        double[] ess = new double[moments.size()];
        for (int i = 0; i < ess.length; i++) {
            ess[i] = est.effectiveSampleSize(i);
        }
        double median = Median.of(ess);
        if (median >= minEffectiveSampleSize) {
            return OptionalLong.empty();
        }
        double factor = median > 0 ? Math.min(MAX_FACTOR, minEffectiveSampleSize / median) : MAX_FACTOR;
        return OptionalLong.of((long) Math.ceil(observedIterations * (factor - 1) * SPARE));
    }
}
