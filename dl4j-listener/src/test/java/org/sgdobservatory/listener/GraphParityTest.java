package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.report.model.CurvatureMethod;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;

/** The same linear model built as a ComputationGraph gives the same numbers. */
class GraphParityTest {

    @Test
    void computationGraphGivesTheSameNumbersAsMultiLayerNetwork() {
        var fx = TestFixtures.independentFeatures();
        MultiLayerNetwork mln = fx.mln(new Sgd(0.05), 4);
        ComputationGraph graph = fx.graph(new Sgd(0.05), 4);
        graph.setParams(mln.params().dup());
        ObservatoryReport a = run(mln, fx);
        ObservatoryReport b = run(graph, fx);
        List<ParameterReport> pa = a.parameters();
        List<ParameterReport> pb = b.parameters();
        assertEquals(pa.size(), pb.size(), "same number of tracked parameters");
        assertEquals(List.of("out_W", "out_b"), b.groups().stream().map(g -> g.key()).toList(), "graph keys");
        for (int i = 0; i < pa.size(); i++) {
            // Same float32 arithmetic on the same data in the same order: the traces are identical, so every
            // statistic agrees to rounding of the double-precision post-processing (1e-9 relative is generous),
            // except the curvature, exact for the MultiLayerNetwork only (see assertCurvaturesAgree).
                assertClose(pa.get(i).observed().variance().value(), pb.get(i).observed().variance().value(), "variance " + i);
            assertCurvaturesAgree(b, pa.get(i), pb.get(i));
            assertClose(pa.get(i).probed().noiseVariance().value(), pb.get(i).probed().noiseVariance().value(), "noise " + i);
            assertClose(pa.get(i).drift().fluctuationDissipationRatio(), pb.get(i).drift().fluctuationDissipationRatio(), "FDR " + i);
            assertClose(pa.get(i).observed().integratedAutocorrelationTime(), pb.get(i).observed().integratedAutocorrelationTime(), "tau " + i);
        }
        assertEquals(a.dataOrder().detected(), b.dataOrder().detected(), "data order");
    }

    private static ObservatoryReport run(org.deeplearning4j.nn.api.Model net, LinearRegressionFixture fx) {
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(300).windowIterations(1200).maxLag(16)
                .reservoirBatches(16).hutchinsonProbes(16).perExampleGradients(128).build().attachTo(net);
        SamplingIterator it = new SamplingIterator(fx.dataSet(DataType.FLOAT), 20, 1600, SamplingIterator.Order.IID, 8);
        if (net instanceof MultiLayerNetwork m) {
            m.fit(it);
        } else {
            ((ComputationGraph) net).fit(it);
        }
        return l.lastReport().orElseThrow();
    }

    /**
     * The MultiLayerNetwork is a dense stack, so its curvature is the exact Hessian diagonal of the probe set
     * (GaussNewtonDiagonal); the ComputationGraph, outside the dense engine but with a Hessian equal to its
     * Gauss-Newton matrix (identity + MSE), gets the sampled Gauss-Newton diagonal, unbiased with the standard error
     * it reports (the spread of 40 pass terms over the 320 reservoir examples). Asserted: within 5 of that standard
     * error (t with 39 degrees of freedom: {@code P(|t| > 5) ~ 1e-5} per parameter).
     */
    private static void assertCurvaturesAgree(ObservatoryReport graph, ParameterReport exact, ParameterReport sampled) {
        assertEquals(CurvatureMethod.SAMPLED_GAUSS_NEWTON, graph.probes().curvatureMethod(), "the graph's method");
        double se = sampled.probed().curvature().standardError();
        assertTrue(se > 0, "the sampled diagonal reports its standard error");
        assertEquals(exact.probed().curvature().value(), sampled.probed().curvature().value(), 5 * se, "curvature of "
                + exact.key() + "[" + exact.index() + "]: exact (MultiLayerNetwork) vs sampled (ComputationGraph),"
                + " 5 standard errors " + se);
    }

    private static void assertClose(double a, double b, String what) {
        assertEquals(a, b, 1e-9 * Math.max(Math.abs(a), 1e-300), what);
    }
}
