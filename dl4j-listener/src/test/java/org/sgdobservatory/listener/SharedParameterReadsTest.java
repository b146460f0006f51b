package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.report.model.DirectionReport;
import org.sgdobservatory.report.model.ObservatoryReport;

/**
 * When every parameter is tracked, the directions' projections take the values the trace sampler read instead of
 * reading the network again. Two identical trainings, one tracking every parameter (values shared) and one tracking
 * all but one (each reads the network itself), must give the directions the same samples: the values are the same
 * numbers either way, so the statistics agree to the bit. A stale or misplaced hand-over (the values of another step)
 * changes them at once. Both the stride-1 path (the projection after one step kept for the next) and a stride of 3
 * (a pair projected before and after each sampled step) are checked.
 */
class SharedParameterReadsTest {

    @ParameterizedTest(name = "directions every {0}")
    @ValueSource(ints = {1, 3})
    void directionsSeeTheSameSamplesWhetherTheyShareTheReadsOrNot(int stride) {
        LinearRegressionFixture fx = LinearRegressionFixture.correlated(400, 5, 0.6, 0.5, 42);
        int params = (int) fx.mln(new Sgd(0.05), 1).numParams();
        List<DirectionReport> shared = directions(fx, stride, params);
        List<DirectionReport> separate = directions(fx, stride, params - 1);
        assertEquals(shared.size(), separate.size());
        assertTrue(shared.size() >= 2, "directions found");
        for (int k = 0; k < shared.size(); k++) {
            var a = shared.get(k).observed();
            var b = separate.get(k).observed();
            assertTrue(a.variance().value() > 0, "direction " + k + " sampled: " + a);
            assertEquals(b.mean(), a.mean(), 0, "mean of direction " + k);
            assertEquals(b.variance().value(), a.variance().value(), 0, "variance of direction " + k);
            assertEquals(b.effectiveSampleSize(), a.effectiveSampleSize(), 0, "ESS of direction " + k);
        }
    }

    private static List<DirectionReport> directions(LinearRegressionFixture fx, int stride, int tracked) {
        MultiLayerNetwork net = fx.mln(new Sgd(0.05), 1);
        ObservatoryListener listener = ObservatoryListener.builder().startAtIteration(100).windowIterations(600)
                .probeData(fx.dataSet(DataType.DOUBLE)).perExampleGradients(fx.n).directions(4)
                .directionsEvery(stride).maxTrackedParameters(tracked).closeUps(0).seed(3).build().attachTo(net);
        net.fit(new SamplingIterator(fx.dataSet(DataType.FLOAT), 50, 720, SamplingIterator.Order.IID, 99));
        ObservatoryReport report = listener.lastReport().orElseThrow();
        return report.directions().orElseThrow(() -> new AssertionError("no directions: " + report.findings()))
                .directions();
    }
}
