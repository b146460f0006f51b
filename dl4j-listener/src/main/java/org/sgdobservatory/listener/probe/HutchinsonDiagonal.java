package org.sgdobservatory.listener.probe;

import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.sample.MiniBatch;

/**
 * Hutchinson's estimator of the Hessian diagonal, for networks without an exact or sampled Gauss-Newton diagonal:
 * {@code diag(H) ~ mean_k v_k * (H v_k)} with Rademacher {@code v_k}, {@code H v} by finite differences of the
 * probe-set mean gradient (regularisation included) with {@code r = step (1 + rms(theta))}, the standard error that of
 * the mean over the probes. Unbiased but noisy per parameter: its per-probe variance is {@code sum_{j != i} H_ij^2}
 * ({@code docs/estimators.md#hutchinsons-diagonal-estimator}). Stateless.
 */
final class HutchinsonDiagonal {

    private HutchinsonDiagonal() {
    }

    /**
     * The estimate.
     *
     * @param probes Rademacher vectors
     * @param seed their seed (the same seed draws the same vectors under either scheme)
     * @param scheme {@link FiniteDifference#CENTRAL} costs {@code 2 probes} passes, FORWARD {@code probes + 1}
     * @return per tracked parameter: {@code [estimate, standardError]} rows
     */
    static double[][] estimate(GradientProbes g, INDArray theta, MiniBatch probeSet, int probes, double step,
                               long seed, long[] tracked, FiniteDifference scheme) {
        Random rnd = new Random(seed);
        double r = step * (1 + Math.sqrt(theta.mul(theta).meanNumber().doubleValue()));
        CentralMoments est = new CentralMoments(g.numParams());
        INDArray atTheta = scheme == FiniteDifference.FORWARD ? g.meanGradient(theta, probeSet) : null;
        double[] v = new double[(int) g.numParams()];
        for (int k = 0; k < probes; k++) {
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextBoolean() ? 1.0 : -1.0;
            }
            INDArray vec = Nd4j.createFromArray(v);
            INDArray plus = g.meanGradient(theta.add(vec.mul(r)), probeSet);
            INDArray hv = scheme == FiniteDifference.FORWARD ? plus.subi(atTheta).divi(r)
                    : plus.subi(g.meanGradient(theta.sub(vec.mul(r)), probeSet)).divi(2 * r);
            est.add(hv.muli(vec));
        }
        double[] mean = TrackedValues.pick(est.mean, tracked);
        double[] var = TrackedValues.pick(est.variance(), tracked);
        double[][] out = new double[tracked.length][];
        for (int i = 0; i < tracked.length; i++) {
            out[i] = new double[] {mean[i], Math.sqrt(var[i] / probes)};
        }
        return out;
    }
}
