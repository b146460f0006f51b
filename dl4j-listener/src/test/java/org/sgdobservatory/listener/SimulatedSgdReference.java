package org.sgdobservatory.listener;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.sim.gradient.DataOrder;
import org.sgdobservatory.sim.gradient.FiniteDataset;
import org.sgdobservatory.sim.gradient.LeastSquaresDataset;
import org.sgdobservatory.sim.gradient.MinibatchGradient;
import org.sgdobservatory.sim.landscape.Landscape;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.optim.Sgd;
import org.sgdobservatory.sim.simulation.Simulation;
import org.sgdobservatory.sim.stats.Estimate;

/**
 * The stationary variances of DL4J's {@code Sgd} on a {@link LinearRegressionFixture} network with DL4J's
 * {@code l2(c)} on the weights, in a data order: a many-chain sim-core {@link Simulation} of the same finite data
 * ({@link MinibatchGradient}), each chain drawing its own minibatches, with the Monte Carlo standard error of each
 * variance. Under random reshuffling ({@link DataOrder#RESHUFFLE}: a new permutation every epoch, then consecutive
 * minibatches of {@code B}) there is no closed form for coupled parameters with state-dependent noise, so the
 * simulation is the reference; with i.i.d. minibatches it checks {@link ExactSgdReference}.
 */
final class SimulatedSgdReference {

    private SimulatedSgdReference() {
    }

    /**
     * The reference variances (weights, then bias).
     *
     * @param fx the data (use the float-rounded data the network trains on)
     * @param order how each chain draws its minibatches
     * @param lr the learning rate
     * @param batch {@code B}, dividing the number of examples
     * @param l2 DL4J's L2 coefficient on the weights
     * @param chains independent chains
     * @param burnIn steps before recording (the chains start at the optimum; a few relaxation times)
     * @param steps recorded steps, a multiple of the epoch so every epoch phase is weighted equally
     * @param seed the simulation's seed
     */
    static List<Estimate> variances(LinearRegressionFixture fx, DataOrder order, double lr, int batch, double l2,
                                    int chains, int burnIn, int steps, long seed) {
        Dl4jLeastSquares data = new Dl4jLeastSquares(fx, l2);
        return Simulation.builder().gradient(MinibatchGradient.of(data, batch, order))
                .updater(new Sgd(lr)).chains(chains).burnIn(burnIn).steps(steps).seed(seed)
                .initialState(data.regularisedOffset()).build().run().varianceEstimates();
    }

    /**
     * The MSE score of the fixture's network plus DL4J's L2 on the weights, as a sim-core finite data set: sim-core's
     * least squares {@code (a_i . x - t_i)^2 / 2} with {@code a_i = sqrt(2) z_i}, {@code t_i = sqrt(2) y_i}, so that the
     * per-example gradient is DL4J's {@code 2 z_i (z_i . theta - y_i)}, plus {@code c D theta}. States are offsets
     * {@code theta - theta_ls} from the unregularised least-squares optimum (sim-core's coordinates), so the L2 term is
     * {@code c D (x + theta_ls)}: exact, unlike an L2 on the offset, which would evaluate the noise at the wrong point.
     */
    static final class Dl4jLeastSquares implements FiniteDataset {

        private final LeastSquaresDataset leastSquares;
        private final double l2;
        private final INDArray l2Pull;
        private final INDArray weightMask;
        private final double[][] hessian;
        private final double[] regularisedOffset;

        Dl4jLeastSquares(LinearRegressionFixture fx, double l2) {
            int p = fx.d + 1;
            double[][] a = new double[fx.n][];
            double[] t = new double[fx.n];
            for (int i = 0; i < fx.n; i++) {
                a[i] = fx.row1(i);
                for (int c = 0; c < p; c++) {
                    a[i][c] *= Math.sqrt(2);
                }
                t[i] = Math.sqrt(2) * fx.y[i];
            }
            this.leastSquares = LeastSquaresDataset.of(a, t);
            this.l2 = l2;
            double[] unregularised = fx.optimum();
            double[] regularised = ExactSgdReference.optimum(fx, l2);
            double[] mask = new double[p];
            double[] pull = new double[p];
            this.regularisedOffset = new double[p];
            for (int c = 0; c < p; c++) {
                mask[c] = c < fx.d ? 1 : 0;
                pull[c] = mask[c] * l2 * unregularised[c];
                regularisedOffset[c] = regularised[c] - unregularised[c];
            }
            this.weightMask = Nd4j.createFromArray(mask).reshape(1, p);
            this.l2Pull = Nd4j.createFromArray(pull).reshape(1, p);
            this.hessian = ExactSgdReference.hessian(fx, l2);
        }

        /** The regularised optimum in these coordinates (where the chains start). */
        double[] regularisedOffset() {
            return regularisedOffset.clone();
        }

        @Override
        public int size() {
            return leastSquares.size();
        }

        @Override
        public int dims() {
            return leastSquares.dims();
        }

        /** The quadratic part {@code x^T (H + c D) x / 2} (the constant L2 pull only moves the mean). */
        @Override
        public Landscape landscape() {
            return QuadraticLandscape.full(hessian);
        }

        @Override
        public void batchGradient(INDArray states, int[] indices, int batchSize, INDArray target) {
            leastSquares.batchGradient(states, indices, batchSize, target);
            if (l2 > 0) {
                INDArray pull = states.mulRowVector(weightMask).muli(l2).addiRowVector(l2Pull);
                target.addi(pull.castTo(target.dataType()));
            }
        }

        @Override
        public double[][] perExampleCovariance(double[] x) {
            return leastSquares.perExampleCovariance(x);
        }

        @Override
        public String toString() {
            return "DL4J MSE + L2(" + l2 + ") on " + size() + " examples";
        }
    }
}
