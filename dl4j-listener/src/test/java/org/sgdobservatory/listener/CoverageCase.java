package org.sgdobservatory.listener;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.sim.gradient.DataOrder;
import org.sgdobservatory.sim.stats.Estimate;

/**
 * One case of the coverage study ({@code docs/coverage.md}): a linear-regression network with L2 on its weights, trained
 * by DL4J's {@code Sgd} from its optimum in one data order and observed by the listener, and the exact stationary
 * variances of its six parameters computed outside the listener.
 *
 * <p>Fixtures (n = 1000 examples, label noise 0.5, L2 = {@value #L2} on the weights, minibatches of B = {@value #BATCH},
 * K = 20 per epoch):
 * <ul>
 *   <li>correlated: five equicorrelated features, rho = 0.9. The weights' Hessian {@code 2 Q + c I} has eigenvalues
 *       about 9.6 and 0.6; the gradient noise at the optimum is close to proportional to {@code Q}, so L2 adds
 *       curvature without noise and the per-parameter (diagonal-Hessian) prediction overestimates the weights' spread
 *       by about 40% (i.i.d.; 60% under reshuffling) — the case where the diagonal approximation is what fails;</li>
 *   <li>uncorrelated: five centred features, exactly orthogonal in the sample, scales 1.0, 0.8, 1.3, 0.6, 1.1: the
 *       Hessian is diagonal and the per-parameter theory exact, up to the state-dependent part of the noise (the
 *       minibatch Hessian's own fluctuation), which the exact references include and which moves the spread by
 *       1.5% (i.i.d.).</li>
 * </ul>
 * Orders: i.i.d. minibatches drawn with replacement at lr = 0.1 (lr times the Hessian's eigenvalues: 0.06 to 0.96), whose exact reference is the
 * moment recursion of {@link ExactSgdReference}; random reshuffling at lr = 0.05 (eta h K = 1.1 to 3.8 for the
 * uncorrelated weights, where reshuffling shrinks the spread 1.6 to 3.4 times), whose reference is the many-chain
 * sim-core simulation of the same finite data in {@link SimulatedSgdReference}.
 */
enum CoverageCase {
    /** Correlated features, i.i.d. minibatches. */
    CORRELATED_IID(true, SamplingIterator.Order.IID, 0.1),
    /** Correlated features, reshuffled epochs. */
    CORRELATED_RESHUFFLED(true, SamplingIterator.Order.RESHUFFLE, 0.05),
    /** Uncorrelated features, i.i.d. minibatches. */
    UNCORRELATED_IID(false, SamplingIterator.Order.IID, 0.1),
    /** Uncorrelated features, reshuffled epochs. */
    UNCORRELATED_RESHUFFLED(false, SamplingIterator.Order.RESHUFFLE, 0.05);

    /** DL4J's L2 coefficient on the weights. */
    static final double L2 = 0.4;
    /** Training minibatch size. */
    static final int BATCH = 50;
    /** Iterations before the window (the runs start at the optimum; 15 relaxation times of the slowest mode). */
    static final int BURN_IN = 500;
    /** Observed iterations. */
    static final int WINDOW = 4000;
    /** Chains of the reshuffling reference: Monte Carlo relative standard error 0.2-0.5%. */
    static final int REFERENCE_CHAINS = 512;

    private final boolean correlated;
    private final SamplingIterator.Order order;
    private final double learningRate;

    CoverageCase(boolean correlated, SamplingIterator.Order order, double learningRate) {
        this.correlated = correlated;
        this.order = order;
        this.learningRate = learningRate;
    }

    /** Whether the features are correlated (the weights coupled). */
    boolean correlated() {
        return correlated;
    }

    /** The learning rate. */
    double learningRate() {
        return learningRate;
    }

    /** The data the network trains on, rounded to float as it sees them. */
    LinearRegressionFixture fixture() {
        LinearRegressionFixture fx = correlated ? LinearRegressionFixture.correlated(1000, 5, 0.9, 0.5, 21)
                : LinearRegressionFixture.orthogonal(1000, new double[] {1.0, 0.8, 1.3, 0.6, 1.1}, 0.5, 42);
        return fx.roundedToFloat();
    }

    /**
     * The exact stationary variances (weights, then bias) with their own standard errors: 0 for the i.i.d. moment
     * recursion, the Monte Carlo error for the reshuffling simulation.
     */
    List<Estimate> reference(LinearRegressionFixture fx) {
        if (order == SamplingIterator.Order.IID) {
            return java.util.Arrays.stream(ExactSgdReference.iid(fx, learningRate, BATCH, L2).variances())
                    .mapToObj(Estimate::exact).toList();
        }
        return SimulatedSgdReference.variances(fx, DataOrder.RESHUFFLE, learningRate, BATCH, L2, REFERENCE_CHAINS, 1000,
                3000, 20_261_204L);
    }

    /**
     * Trains one run from the optimum and returns the listener's report. The listener runs with its defaults (probes on
     * 64 kept training minibatches, 512 per-example gradients, 16 eigen-directions, detected data order) except: the
     * window, no close-ups (they do not enter any verdict) and full-block predictions for the six-parameter network.
     *
     * @param seed the seed of the minibatch order and of the listener
     */
    ObservatoryReport train(LinearRegressionFixture fx, long seed) {
        MultiLayerNetwork net = fx.mln(new Sgd(learningRate), seed, L2);
        net.setParams(Nd4j.createFromArray(ExactSgdReference.optimum(fx, L2)).castTo(DataType.FLOAT)
                .reshape(1, fx.d + 1));
        ObservatoryListener listener = ObservatoryListener.builder().startAtIteration(BURN_IN)
                .windowIterations(WINDOW).closeUps(0).fullBlockPredictions(10).seed(seed).build().attachTo(net);
        int perEpoch = fx.n / BATCH;
        if (order == SamplingIterator.Order.IID) {
            net.fit(new SamplingIterator(fx.dataSet(DataType.FLOAT), BATCH, BURN_IN + WINDOW + 10, order, 1000 + seed));
        } else {
            net.fit(new SamplingIterator(fx.dataSet(DataType.FLOAT), BATCH, perEpoch, order, 1000 + seed),
                    (BURN_IN + WINDOW) / perEpoch + 1);
        }
        return listener.lastReport().orElseThrow();
    }
}
