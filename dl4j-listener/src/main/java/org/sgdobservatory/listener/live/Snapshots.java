package org.sgdobservatory.listener.live;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.sgdobservatory.listener.judge.TraceEstimates;
import org.sgdobservatory.listener.sample.DirectionSampler;
import org.sgdobservatory.listener.sample.ObservationSession;
import org.sgdobservatory.listener.sample.ObservationWindow;
import org.sgdobservatory.listener.sample.TrackedParameters;
import org.sgdobservatory.listener.stats.TraceMoments;
import org.sgdobservatory.report.model.LiveSnapshot;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.sim.stats.Median;

/**
 * Builds live snapshots on the training thread from what the listener already holds: the window's counters, the
 * loss history, the trace statistics ({@link TraceEstimates} of the mergeable moments: per tracked parameter, no pass
 * over the network's parameters) and the direction sampler's statistics. Stateless.
 */
final class Snapshots {

    private Snapshots() {
    }

    /** The snapshot before the window ends. */
    static LiveSnapshot during(ObservationSession session, ObservationWindow window, LossHistory loss) {
        LiveSnapshot.LivePhase phase = window.phase() == ObservationWindow.Phase.OBSERVING
                ? LiveSnapshot.LivePhase.OBSERVING : LiveSnapshot.LivePhase.WAITING;
        TraceMoments moments = session.sampler().moments();
        List<LiveSnapshot.GroupProgress> groups = moments.count() >= 2
                ? groups(session.sampler().tracked(), TraceEstimates.of(moments, nan(moments.size()))) : List.of();
        List<LiveSnapshot.DirectionProgress> directions = session.directions().map(Snapshots::directions)
                .orElse(List.of());
        String message = phase == LiveSnapshot.LivePhase.OBSERVING
                ? window.length() > 0 ? "the window ends after " + window.length()
                + " iterations" : "the window ends when report() is called or training ends"
                : "the window starts " + window.startDescription();
        return new LiveSnapshot(phase, window.iteration(), window.startIteration(), window.length(),
                moments.count(), loss.curve(), session.dataOrder().established(), groups, directions, Optional.empty(),
                message);
    }

    /** The last snapshot once the report exists. */
    static LiveSnapshot done(LiveSnapshot last, ObservatoryReport report) {
        return new LiveSnapshot(LiveSnapshot.LivePhase.DONE, last.iteration(), last.windowStart(),
                last.windowIterations(), report.window().samples(), last.loss(), Optional.of(report.dataOrder().used()),
                last.groups(), last.directions(), Optional.of(report.summary().judgement()),
                report.summary().judgement().explanation());
    }

    private static List<LiveSnapshot.GroupProgress> groups(TrackedParameters tracked, TraceEstimates est) {
        List<LiveSnapshot.GroupProgress> out = new ArrayList<>();
        for (TrackedParameters.Slice slice : tracked.slices()) {
            int n = slice.to() - slice.from();
            if (n <= 0) {
                continue;
            }
            double[] variance = new double[n];
            double[] ess = new double[n];
            double[] tau = new double[n];
            for (int i = 0; i < n; i++) {
                variance[i] = est.variance(slice.from() + i);
                ess[i] = est.effectiveSampleSize(slice.from() + i);
                tau[i] = est.integratedAutocorrelationTime(slice.from() + i);
            }
            out.add(new LiveSnapshot.GroupProgress(slice.block().key(), n, Median.of(variance), Median.of(ess),
                    Median.of(tau)));
        }
        return out;
    }

    private static List<LiveSnapshot.DirectionProgress> directions(DirectionSampler sampler) {
        TraceMoments moments = sampler.moments();
        if (moments.count() < 2) {
            return List.of();
        }
        TraceEstimates est = TraceEstimates.of(moments, nan(moments.size()));
        List<LiveSnapshot.DirectionProgress> out = new ArrayList<>();
        for (int k = 0; k < sampler.basis().size(); k++) {
            out.add(new LiveSnapshot.DirectionProgress(k, sampler.basis().eigenvalue(k), est.variance(k),
                    est.effectiveSampleSize(k)));
        }
        return out;
    }

    private static double[] nan(int n) {
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        return out;
    }
}
