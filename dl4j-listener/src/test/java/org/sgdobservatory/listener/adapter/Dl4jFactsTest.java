package org.sgdobservatory.listener.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.listener.TestFixtures;
import org.sgdobservatory.report.model.UpdaterKind;

/**
 * Pins the Deeplearning4j 1.0.0-M2.1 behaviour that the listener relies on
 * (docs/dl4j-behaviour.md, one section per fact).
 * An upgrade that changes any of these must fail here, loudly.
 */
class Dl4jFactsTest {

    /** Records callback order, the raw gradient and the iterationDone gradient of the first iteration. */
    private static final class Recorder extends BaseTrainingListener {
        final List<String> calls = new ArrayList<>();
        INDArray rawGradient;
        INDArray paramsBefore;
        INDArray appliedUpdate;
        INDArray paramsAfter;

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            calls.add("onForwardPass");
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            calls.add("onForwardPass");
        }

        @Override
        public void onBackwardPass(Model model) {
            calls.add("onBackwardPass");
        }

        @Override
        public void onGradientCalculation(Model model) {
            calls.add("onGradientCalculation");
            rawGradient = model.getGradientsViewArray().dup();
            paramsBefore = model.params().dup();
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            calls.add("iterationDone");
            appliedUpdate = model.gradient().gradient().dup();
            paramsAfter = model.params().dup();
        }
    }

    @Test
    void fact1to4_callOrderRawSumGradientAndAppliedUpdate() {
        var fx = TestFixtures.independentFeatures();
        double l2 = 0.01;
        double lr = 0.05;
        MultiLayerNetwork net = fx.mln(new Sgd(lr), 7, l2);
        DataSet batch = TestFixtures.firstRows(fx.dataSet(DataType.FLOAT), 50);
        Recorder rec = new Recorder();
        net.setListeners(rec);
        net.fit(batch);

        assertEquals(List.of("onForwardPass", "onBackwardPass", "onGradientCalculation", "iterationDone"),
                rec.calls, "docs/dl4j-behaviour.md#callback-order: one MultiLayerNetwork.fit(DataSet) iteration");

        // Analytic gradient of the MSE score at paramsBefore: -2/B sum (y - yhat) z
        // (docs/dl4j-behaviour.md#score-and-mse-normalisation).
        INDArray p = rec.paramsBefore.castTo(DataType.DOUBLE);
        INDArray x = batch.getFeatures().castTo(DataType.DOUBLE);
        INDArray y = batch.getLabels().castTo(DataType.DOUBLE);
        int d = fx.d;
        INDArray w = p.reshape(p.length()).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, d)).reshape(d, 1);
        double b = p.getDouble(d);
        INDArray resid = y.sub(x.mmul(w).add(b));
        INDArray gw = x.transpose().mmul(resid).muli(-2.0 / 50);
        double gb = resid.sumNumber().doubleValue() * -2.0 / 50;
        INDArray raw = rec.rawGradient.castTo(DataType.DOUBLE).reshape(p.length());
        for (int j = 0; j < d; j++) {
            // float32 forward pass: relative rounding ~1e-6; 1e-4 is far above it and far below 1/50.
            assertEquals(50.0, raw.getDouble(j) / gw.getDouble(j), 50 * 1e-4,
                    "docs/dl4j-behaviour.md#raw-gradient-is-the-minibatch-sum: raw gradient / score gradient must"
                    + " be B = 50 (sum, L2 excluded), weight " + j);
        }
        assertEquals(50.0, raw.getDouble(d) / gb, 50 * 1e-4,
                "docs/dl4j-behaviour.md#raw-gradient-is-the-minibatch-sum: bias raw gradient / score gradient");

        // docs/dl4j-behaviour.md#the-applied-update-in-iterationdone, docs/dl4j-behaviour.md#l2-and-weight-decay:
        // applied update = params_before - params_after = lr (g_mean + l2 theta)
        INDArray u = rec.paramsBefore.sub(rec.paramsAfter);
        assertTrue(u.equalsWithEps(rec.appliedUpdate, 1e-7),
                "docs/dl4j-behaviour.md#the-applied-update-in-iterationdone: iterationDone gradient must equal"
                + " params_before - params_after");
        for (int j = 0; j < d; j++) {
            double expected = lr * (gw.getDouble(j) + l2 * p.getDouble(j));
            assertEquals(expected, u.getDouble(j), 1e-5 * Math.abs(expected) + 1e-8,
                    "docs/dl4j-behaviour.md#l2-and-weight-decay: Sgd update with L2 = lr (g_mean + l2 theta),"
                            + " weight " + j);
        }
    }

    /**
     * Between one iteration's {@code iterationDone} and the next one's {@code onGradientCalculation} DL4J writes the
     * parameters only to apply weight constraints: without one the parameters after a step are bit for bit those
     * before the next, epoch boundaries included (the forward and backward passes only read them), which lets the
     * listener keep the first read for the second; with a max-norm constraint they differ, which is why it compares
     * some tracked values before keeping anything.
     */
    @Test
    void fact5b_onlyConstraintsWriteTheParametersBetweenIterations() {
        var fx = TestFixtures.independentFeatures();
        MultiLayerNetwork plain = fx.mln(new RmsProp(0.05), 7);
        ComputationGraph graph = fx.graph(new RmsProp(0.05), 7);
        MultiLayerNetwork constrained = fx.hiddenLayerMln(new RmsProp(0.05), 0.3);
        assertEquals(0, iterationsWhoseParametersChangedBeforeTheNext(plain, fx),
                "MultiLayerNetwork: parameters written between iterationDone and the next onGradientCalculation");
        assertEquals(0, iterationsWhoseParametersChangedBeforeTheNext(graph, fx),
                "ComputationGraph: parameters written between iterationDone and the next onGradientCalculation");
        assertEquals(5, iterationsWhoseParametersChangedBeforeTheNext(constrained, fx),
                "MaxNormConstraint(0.3): applied after iterationDone, so every next iteration starts elsewhere");
    }

    /**
     * Training writes a network's parameters and gradient in place: across two epochs every callback of a
     * MultiLayerNetwork sees the same parameter and gradient buffer objects, which lets the listener keep its NIO views
     * of them ({@code NioViews}); a ComputationGraph keeps its gradient buffer, but its {@code params()} returns a new
     * array, with a new buffer object, at every call, so there the parameters' view is made at every read.
     */
    @Test
    void fact5c_trainingKeepsTheParameterAndGradientBuffers() {
        var fx = TestFixtures.independentFeatures();
        MultiLayerNetwork mln = fx.mln(new RmsProp(0.05), 7);
        ComputationGraph graph = fx.graph(new RmsProp(0.05), 7);
        for (Model model : List.of(mln, graph)) {
            java.util.Set<Object> params = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            java.util.Set<Object> gradients = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            int[] seen = {0};
            BaseTrainingListener check = new BaseTrainingListener() {
                @Override
                public void onGradientCalculation(Model m) {
                    params.add(m.params().data());
                    gradients.add(m.getGradientsViewArray().data());
                    seen[0]++;
                }

                @Override
                public void iterationDone(Model m, int iteration, int epoch) {
                    params.add(m.params().data());
                    gradients.add(m.getGradientsViewArray().data());
                }
            };
            trainTwoEpochs(model, check, fx);
            assertEquals(6, seen[0], "iterations seen");
            String name = model.getClass().getSimpleName();
            assertEquals(1, gradients.size(), name + ": one gradient buffer object");
            // a ComputationGraph's params() is a new array at every call (12 callbacks): only the MLN's is kept
            assertEquals(model instanceof MultiLayerNetwork ? 1 : 12, params.size(),
                    name + ": parameter buffer objects");
        }
    }

    /** Two epochs of 3 minibatches: of the 5 iterations that follow another, those whose start differs from its end. */
    private static int iterationsWhoseParametersChangedBeforeTheNext(Model model,
                                                                     org.sgdobservatory.listener.LinearRegressionFixture fx) {
        int[] counts = {0, 0};
        INDArray[] after = {null};
        BaseTrainingListener check = new BaseTrainingListener() {
            @Override
            public void onGradientCalculation(Model m) {
                if (after[0] != null) {
                    counts[0]++;
                    // bit for bit (INDArray.equals allows 1e-5)
                    counts[1] += java.util.Arrays.equals(after[0].castTo(DataType.DOUBLE).toDoubleVector(),
                            m.params().castTo(DataType.DOUBLE).toDoubleVector()) ? 0 : 1;
                }
            }

            @Override
            public void iterationDone(Model m, int iteration, int epoch) {
                after[0] = m.params().dup();
            }
        };
        trainTwoEpochs(model, check, fx);
        assertEquals(5, counts[0], "iterations compared");
        return counts[1];
    }

    /** Two epochs of 3 minibatches of 5 examples, with {@code listener} as the model's only listener. */
    private static void trainTwoEpochs(Model model, BaseTrainingListener listener,
                                       org.sgdobservatory.listener.LinearRegressionFixture fx) {
        if (model instanceof MultiLayerNetwork mln) {
            mln.setListeners(listener);
            mln.fit(fx.iid(20, 3, 5), 2);
        } else {
            ((ComputationGraph) model).setListeners(listener);
            ((ComputationGraph) model).fit(fx.iid(20, 3, 5), 2);
        }
    }

    @Test
    void fact6_paramTableKeysBlocksAndRmsPropState() {
        var fx = TestFixtures.independentFeatures();
        MultiLayerNetwork net = fx.mln(new RmsProp(0.01, 0.9, 1e-8), 7);
        net.fit(TestFixtures.firstRows(fx.dataSet(DataType.FLOAT), 20));
        NetworkAdapter a = NetworkAdapter.of(net);
        assertEquals(List.of("0_W", "0_b"), a.blocks().stream().map(ParameterBlock::key).toList(),
                "docs/dl4j-behaviour.md#updater-state-layout: MultiLayerNetwork paramTable keys");
        for (ParameterBlock blk : a.blocks()) {
            INDArray fromTable = net.paramTable().get(blk.key());
            INDArray slice = a.params().reshape(a.numParams()).get(
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(blk.offset(), blk.offset() + blk.length()));
            assertEquals(fromTable.reshape(fromTable.length()), slice, "block offsets must address " + blk.key());
            assertEquals(UpdaterKind.RMSPROP, blk.updater().kind(), "updater kind of " + blk.key());
            INDArray v = a.normaliserState(blk).orElseThrow();
            assertEquals(blk.length(), v.length(), "RmsProp holds one state value per parameter: " + blk.key());
            assertTrue(v.minNumber().doubleValue() > 0, "RmsProp v must be positive after a step: " + blk.key());
        }
        assertEquals(0.9, a.blocks().get(0).updater().hyperparameter("rmsDecay"), 0.0, "rmsDecay read back");
    }

    @Test
    void fact6_graphKeysSgdHasNoStateAndAdamIsUnsupported() {
        var fx = TestFixtures.independentFeatures();
        ComputationGraph g = fx.graph(new Sgd(0.01), 7);
        NetworkAdapter a = NetworkAdapter.of(g);
        assertEquals(List.of("out_W", "out_b"), a.blocks().stream().map(ParameterBlock::key).toList(),
                "ComputationGraph keys are vertex name + param");
        assertTrue(a.normaliserState(a.blocks().get(0)).isEmpty(), "Sgd holds no updater state");
        NetworkAdapter adam = NetworkAdapter.of(fx.mln(new Adam(1e-3), 7));
        assertEquals(UpdaterKind.UNSUPPORTED, adam.blocks().get(0).updater().kind(), "Adam has no theory yet");
        assertEquals("Adam", adam.blocks().get(0).updater().className(), "class name recorded");
    }

    @Test
    void graphLabelsAreVisibleInOnBackwardPassOnly() {
        var fx = TestFixtures.independentFeatures();
        ComputationGraph g = fx.graph(new Sgd(0.01), 7);
        boolean[] seen = new boolean[2];
        g.setListeners(new BaseTrainingListener() {
            @Override
            public void onBackwardPass(Model model) {
                seen[0] = NetworkAdapter.of(model).currentLabels().isPresent();
            }

            @Override
            public void onGradientCalculation(Model model) {
                seen[1] = NetworkAdapter.of(model).currentLabels().isPresent();
            }
        });
        g.fit(TestFixtures.firstRows(fx.dataSet(DataType.FLOAT), 10));
        assertTrue(seen[0], "ComputationGraph: output-layer labels are set during onBackwardPass");
        assertTrue(!seen[1], "ComputationGraph: labels are cleared before onGradientCalculation (if this changes,"
                + " the listener's onBackwardPass capture becomes unnecessary)");
    }

    @Test
    void fact7_doubleCopyIsIndependentAndGivesTheSameSumGradient() {
        var fx = TestFixtures.independentFeatures();
        MultiLayerNetwork net = fx.mln(new Sgd(0.01), 7);
        NetworkAdapter a = NetworkAdapter.of(net);
        INDArray before = net.params().dup();
        DoublePrecisionCopy copy = DoublePrecisionCopy.of(a);
        assertEquals(DataType.DOUBLE, copy.network().params().dataType(), "copy must hold DOUBLE params");
        DataSet ds = TestFixtures.firstRows(fx.dataSet(DataType.DOUBLE), 30);
        copy.setParams(Nd4j.zeros(DataType.DOUBLE, 1, copy.network().numParams()));
        INDArray g = copy.gradientSum(ds.getFeatures(), ds.getLabels());
        // at theta = 0 the raw gradient of the bias is -2 sum y (sum over the minibatch,
        // docs/dl4j-behaviour.md#raw-gradient-is-the-minibatch-sum)
        double expected = -2.0 * ds.getLabels().sumNumber().doubleValue();
        assertEquals(expected, g.getDouble(fx.d), 1e-9 * Math.abs(expected), "double copy bias gradient sum");
        assertEquals(before, net.params(), "the training network must be untouched by the probe copy");
    }
}
