package org.sgdobservatory.listener.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.learning.config.RmsProp;
import org.sgdobservatory.listener.ObservatoryConfig;
import org.sgdobservatory.listener.TestFixtures;
import org.sgdobservatory.listener.adapter.NetworkAdapter;

/**
 * {@link TraceSampler} observing every iteration keeps the parameters read after one step as those before the next
 * only while they are: its samples are the parameters DL4J hands {@code onGradientCalculation}, on a plain network
 * (where the read is kept), on one whose max-norm constraint DL4J applies after {@code iterationDone}, and when the
 * user's code rescales the parameters between two {@code fit} calls (where it must not be), for every tracked
 * parameter and for a subset.
 */
class TraceSamplerTest {

    /** What happens between iterations. */
    enum Between {
        NOTHING, CONSTRAINT, USER_RESCALES_BETWEEN_FITS
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Between.class)
    void samplesAreTheParametersBeforeEachStep(Between between) {
        var fx = TestFixtures.independentFeatures();
        MultiLayerNetwork net = fx.hiddenLayerMln(new RmsProp(0.05), between == Between.CONSTRAINT ? 0.3 : 0);
        for (long maxTracked : new long[] {net.numParams(), 17}) {
            ObservatoryConfig config = ObservatoryConfig.builder().maxTrackedParameters((int) maxTracked).config();
            NetworkAdapter adapter = NetworkAdapter.of(net);
            TraceSampler sampler = new TraceSampler(config, TrackingPlan.of(config, net.numParams()), adapter);
            long[] tracked = sampler.tracked().flatIndices();
            List<double[]> handed = new ArrayList<>();
            int[] kept = {0};
            long[] iteration = {0};
            net.setListeners(new BaseTrainingListener() {
                @Override
                public void onGradientCalculation(Model m) {
                    double[] now = new double[tracked.length];
                    for (int i = 0; i < tracked.length; i++) {
                        now[i] = m.params().getDouble(tracked[i]);
                    }
                    handed.add(now);
                    boolean unchanged = sampler.unchangedSinceStep(adapter, iteration[0]);
                    kept[0] += unchanged ? 1 : 0;
                    assertTrue(sampler.beforeStep(adapter, unchanged), "finite");
                }

                @Override
                public void iterationDone(Model m, int it, int epoch) {
                    assertTrue(sampler.afterStep(adapter, iteration[0], it, epoch), "finite update");
                    iteration[0]++;
                }
            });
            net.fit(fx.iid(20, 4, 5), 1);
            if (between == Between.USER_RESCALES_BETWEEN_FITS) {
                net.params().muli(0.5);
            }
            net.fit(fx.iid(20, 4, 6), 1);
            assertEquals(8, handed.size(), "iterations");
            // the samples' mean against the handed parameters' mean: the same 8 float values summed in another order,
            // equal to 1e-15 of their size; a stale (unconstrained) sample moves it by about 0.1 / 8
            double[] mean = new double[tracked.length];
            for (double[] now : handed) {
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += now[i] / handed.size();
                }
            }
            assertArrayEquals(mean, sampler.moments().meanTheta(), 1e-12, tracked.length + " tracked: the mean of the"
                    + " samples before the steps");
            assertEquals(switch (between) {
                case NOTHING -> 7;
                case CONSTRAINT -> 0;
                case USER_RESCALES_BETWEEN_FITS -> 6;
            }, kept[0], "reads kept: every iteration after the first, none under a constraint, all but the first after"
                    + " the user's rescaling");
        }
    }
}
