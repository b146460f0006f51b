package org.sgdobservatory.sim.spectral;

import java.util.Arrays;
import java.util.Objects;

/**
 * A frozen diagonal preconditioner {@code P = diag(p_i)}, {@code p_i > 0}, and the change of
 * variables that makes preconditioned SGD plain SGD, so that the per-direction theory applies.
 *
 * <p><b>Derivation.</b> Preconditioned SGD on {@code L = theta' H theta/2} with minibatch noise
 * {@code xi} of covariance {@code Sigma} per step is {@code theta' = theta - eta P (H theta + xi)}. Let
 * {@code R = P^{1/2}} and {@code y = R^{-1} theta}. Multiplying by {@code R^{-1}}:
 * <pre>
 *   y' = y - eta R^{-1} P (H R y + xi) = (I - eta M) y - eta R xi,    M = R H R,  Cov(R xi) = R Sigma R.
 * </pre>
 * So {@code y} follows plain SGD with the same learning rate {@code eta}, the symmetric "Hessian"
 * {@code M = P^{1/2} H P^{1/2}} and the noise covariance {@code P^{1/2} Sigma P^{1/2}}. With
 * {@code M = W diag(l) W'}, the coordinate {@code z_k = w_k' y} obeys the scalar recursion
 * {@code z_k' = (1 - eta l_k) z_k - eta (R w_k)' xi}, whatever the other coordinates do, so
 * <pre>
 *   Var(z_k) = eta c_k / (l_k (2 - eta l_k)),   c_k = (R w_k)' Sigma (R w_k),   stable iff 0 &lt; eta l_k &lt; 2,
 * </pre>
 * exactly, for any {@code Sigma} (diagonal in {@code W} or not) and any finite-variance noise law. In
 * the original parameters {@code z_k = (R^{-1} w_k)' theta}: project the parameters on the
 * {@link #parameterProbe parameter probe} {@code R^{-1} w_k}, and measure {@code c_k} as the variance
 * of minibatch gradients projected on the {@link #noiseProbe noise probe} {@code R w_k}. The
 * temperature {@code l_k Var(z_k)} is in loss units, because {@code L = y' M y/2}. Only the product
 * {@code eta P} matters: {@code (eta, P) -> (eta/a, a P)} scales {@code l_k, c_k} by {@code a} and
 * {@code Var(z_k)} by {@code 1/a}, the same as {@code y = R^{-1} theta} does. The probes are not unit
 * vectors and not orthogonal in the parameter space; they are biorthogonal,
 * {@code (R^{-1} w_j)' (R w_k) = delta_jk}.
 *
 * <p><b>Which P.</b> The lecture's variance-normalised rule {@code eta_i = eta'/sigma_i^2} is
 * {@code eta = eta'} with {@link #varianceNormalized} {@code p_i = 1/sigma_i^2}; then
 * {@code R Sigma R} has unit diagonal, and if {@code Sigma} is diagonal every {@code c_k = 1} and
 * {@code T_k = eta'/(2 - eta' l_k)}: one temperature up to the discrete correction. Deeplearning4j's
 * {@code RmsProp} ({@code u = lr g/(sqrt(G) + epsilon)}) is {@code eta = lr} with {@link #rmsProp}
 * {@code p_i = 1/(sqrt(G_i) + epsilon)} taken at the stationary mean of {@code G}; treating it as
 * frozen ignores the fluctuation of {@code G} (relative variance about {@code 2(1 - rho)/(1 + rho)}
 * for noise-dominated gradients) and its correlation with the current gradient, which {@code G}
 * contains. The resulting error in the variance is of order {@code (1 - rho)}, with either sign: on a
 * 6-D quadratic with non-diagonal noise the stiffest direction came out 4% below the frozen
 * prediction at {@code rho = 0.9}, 2% at 0.95 and 0.6% at 0.99, the flattest up to 3% above
 * ({@code sim-core/SPECTRAL.md}, section "RMSProp as a frozen preconditioner").
 *
 * <p>Immutable and thread-safe; the operator returned by {@link #whiten} is not (it owns a work array).
 */
public final class Preconditioning {
    private final double[] sqrt;

    private Preconditioning(double[] sqrt) {
        this.sqrt = sqrt;
    }

    /**
     * The diagonal preconditioner {@code P = diag(p)}.
     *
     * @param diagonal {@code p_i}, each finite and {@code > 0}; copied
     * @return the preconditioning
     * @throws IllegalArgumentException naming the first bad entry
     */
    public static Preconditioning diagonal(double[] diagonal) {
        Objects.requireNonNull(diagonal, "diagonal");
        if (!(diagonal.length >= 1)) {
            throw new IllegalArgumentException("diagonal must have at least one entry, was empty; pass one "
                    + "preconditioner entry per parameter");
        }
        double[] sqrt = new double[diagonal.length];
        for (int i = 0; i < diagonal.length; i++) {
            if (!(diagonal[i] > 0 && diagonal[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("diagonal[" + i + "] must be finite and > 0, was "
                        + diagonal[i] + "; a preconditioner entry scales that parameter's step");
            }
            sqrt[i] = Math.sqrt(diagonal[i]);
        }
        return new Preconditioning(sqrt);
    }

    /**
     * The variance-normalised rule {@code p_i = 1/sigma_i^2} (use with learning rate {@code eta'}).
     *
     * @param noiseVariances {@code sigma_i^2 > 0}, the per-step gradient-noise variance of each parameter
     * @return the preconditioning
     */
    public static Preconditioning varianceNormalized(double[] noiseVariances) {
        Objects.requireNonNull(noiseVariances, "noiseVariances");
        double[] p = new double[noiseVariances.length];
        for (int i = 0; i < p.length; i++) {
            if (!(noiseVariances[i] > 0 && noiseVariances[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("noiseVariances[" + i + "] must be finite and > 0, was "
                        + noiseVariances[i] + "; the rule eta'/sigma^2 needs a positive noise variance");
            }
            p[i] = 1 / noiseVariances[i];
        }
        return diagonal(p);
    }

    /**
     * Deeplearning4j {@code RmsProp} with its state frozen: {@code p_i = 1/(sqrt(G_i) + epsilon)} (use
     * with learning rate {@code lr}).
     *
     * @param meanSquareGradients {@code G_i >= 0}, the updater's running mean of {@code g_i^2}, averaged
     *     over the stationary window
     * @param epsilon the updater's {@code epsilon >= 0} (DL4J default {@code 1e-8}), outside the root;
     *     {@code G_i + epsilon} must be positive
     * @return the preconditioning
     */
    public static Preconditioning rmsProp(double[] meanSquareGradients, double epsilon) {
        Objects.requireNonNull(meanSquareGradients, "meanSquareGradients");
        if (!(epsilon >= 0 && epsilon < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, was " + epsilon
                    + "; pass the RmsProp updater's epsilon (DL4J default 1e-8)");
        }
        double[] p = new double[meanSquareGradients.length];
        for (int i = 0; i < p.length; i++) {
            double g = meanSquareGradients[i];
            if (!(g >= 0 && g < Double.POSITIVE_INFINITY && Math.sqrt(g) + epsilon > 0)) {
                throw new IllegalArgumentException("meanSquareGradients[" + i + "] must be finite and >= 0 "
                        + "with sqrt(G) + epsilon > 0, was " + g + " (epsilon " + epsilon + "); pass the "
                        + "updater state averaged over the stationary window");
            }
            p[i] = 1 / (Math.sqrt(g) + epsilon);
        }
        return diagonal(p);
    }

    /** The dimension {@code n}. */
    public int dimension() {
        return sqrt.length;
    }

    /**
     * {@code p_i}.
     *
     * @param i parameter index
     * @return the preconditioner entry
     */
    public double entry(int i) {
        return sqrt[i] * sqrt[i];
    }

    /**
     * The operator {@code M = P^{1/2} H P^{1/2}} whose eigenpairs {@code (l_k, w_k)} feed the
     * per-direction theory with {@link DirectionalOptimizer.PreconditionedSgd}.
     *
     * @param hessian {@code H}, of dimension {@link #dimension()}
     * @return {@code v -> R H R v}; owns one work vector of {@code n} doubles, so use it from one thread
     * @throws IllegalArgumentException if the dimensions differ
     */
    public SymmetricOperator whiten(SymmetricOperator hessian) {
        Objects.requireNonNull(hessian, "hessian");
        if (hessian.dimension() != sqrt.length) {
            throw new IllegalArgumentException("hessian has dimension " + hessian.dimension()
                    + " but the preconditioner has " + sqrt.length + "; pass one entry per parameter");
        }
        double[] scaled = new double[sqrt.length];
        return new SymmetricOperator() {
            @Override
            public int dimension() {
                return sqrt.length;
            }

            @Override
            public void apply(double[] in, double[] out) {
                for (int i = 0; i < sqrt.length; i++) {
                    scaled[i] = sqrt[i] * in[i];
                }
                hessian.apply(scaled, out);
                for (int i = 0; i < sqrt.length; i++) {
                    out[i] *= sqrt[i];
                }
            }
        };
    }

    /**
     * The noise probe {@code R w}: the per-step noise variance along direction {@code w} of {@code M}
     * is {@code c = Var((R w)' g_hat)} over minibatch gradients {@code g_hat} at frozen parameters.
     *
     * @param eigenvector {@code w}, length {@code n}, not modified
     * @return {@code R w} (a new array)
     */
    public double[] noiseProbe(double[] eigenvector) {
        checkLength(eigenvector);
        double[] out = new double[sqrt.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = sqrt[i] * eigenvector[i];
        }
        return out;
    }

    /**
     * The parameter probe {@code R^{-1} w}: the coordinate the theory predicts is
     * {@code z = (R^{-1} w)' theta}.
     *
     * @param eigenvector {@code w}, length {@code n}, not modified
     * @return {@code R^{-1} w} (a new array)
     */
    public double[] parameterProbe(double[] eigenvector) {
        checkLength(eigenvector);
        double[] out = new double[sqrt.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = eigenvector[i] / sqrt[i];
        }
        return out;
    }

    private void checkLength(double[] v) {
        Objects.requireNonNull(v, "eigenvector");
        if (v.length != sqrt.length) {
            throw new IllegalArgumentException("eigenvector must have length " + sqrt.length + ", was "
                    + v.length + "; pass an eigenvector of the whitened operator");
        }
    }

    @Override
    public String toString() {
        double min = Arrays.stream(sqrt).map(s -> s * s).min().orElse(Double.NaN);
        double max = Arrays.stream(sqrt).map(s -> s * s).max().orElse(Double.NaN);
        return "Preconditioning[n=" + sqrt.length + ", p in [" + min + ", " + max + "]]";
    }
}
