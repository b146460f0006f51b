package org.sgdobservatory.sim.theory;

import java.util.List;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Stationary covariance of linear stochastic iterations and of the Ornstein-Uhlenbeck limit: the
 * discrete and continuous Lyapunov equations of an N-D quadratic {@code L = x^T H x/2} with noise
 * covariance {@code Sigma} per step, batch included (docs/theory.md#n-d-quadratics-and-the-lyapunov-equation,
 * docs/theory.md#preconditioning-and-the-variance-normalised-rule).
 * <pre>
 *   discrete:        S = A S A^T + Q,                  spectral radius of A &lt; 1
 *     SGD:           A = I - eta H,    Q = eta^2 Sigma
 *     preconditioned A = I - eta P H,  Q = eta^2 P Sigma P^T
 *   continuous:      H S + S H = eta Sigma             (Mandt, Hoffman &amp; Blei, JMLR 18, 2017, §3)
 *     eigenbasis:    S~_ij = eta Sigma~_ij / (l_i + l_j),   H = Q diag(l) Q^T, Sigma~ = Q^T Sigma Q
 *     preconditioned P H S + S H P = eta P Sigma P;  P = c Sigma^{-1} gives S = (eta c/2) H^{-1}
 * </pre>
 * The discrete solver is Smith's doubling iteration ({@code SmithDoubling}) {@code S <- S + A_k S A_k^T},
 * {@code A_k <- A_k^2}, which sums the series {@code sum_j A^j Q (A^j)^T} in {@code log2} of the
 * number of steps to convergence, and detects instability by the growth of {@code A_k}
 * (R. A. Smith, SIAM J. Appl. Math. 16 (1968) 198-201). In the eigenbasis of a symmetric {@code H} the
 * discrete SGD solution is {@code S~_ij = eta Sigma~_ij/(l_i + l_j - eta l_i l_j)}; the tests check
 * this against the doubling result and against {@code scipy.linalg.solve_discrete_lyapunov}.
 *
 * <p>All methods take and return plain {@code double[][]} (row-major, {@code D x D}); inputs are not
 * modified and results are fresh arrays. A dimension of 64 solves in milliseconds. Stateless and
 * thread-safe.
 */
public final class Lyapunov {

    private Lyapunov() {
    }

    /**
     * Solves the discrete Lyapunov equation {@code S = A S A^T + Q} by Smith doubling.
     *
     * @param a square {@code D x D} matrix with spectral radius {@code < 1}
     * @param q {@code D x D} matrix (usually a covariance); a symmetric {@code q} gives a symmetric result
     * @return {@code S = sum_{j>=0} A^j Q (A^j)^T}
     * @throws IllegalArgumentException if the matrices are not square of one dimension, contain
     *     non-finite entries, or the spectral radius of {@code A} is {@code >= 1} (no stationary state)
     */
    public static double[][] discrete(double[][] a, double[][] q) {
        int d = Checks.square("A", a);
        Checks.sameDimension("Q", q, d);
        return symmetrizeIfSymmetric(SmithDoubling.sum(a, q), q);
    }

    /**
     * Exact discrete SGD covariance on a quadratic: {@code S = (I - eta H) S (I - eta H)^T + eta^2 Sigma}.
     *
     * @param hessian symmetric {@code H} with all eigenvalues in {@code (0, 2/eta)}
     * @param noiseCovariance {@code Sigma}, per step (batch included)
     * @param learningRate {@code eta > 0}
     * @return {@code S}
     * @throws IllegalArgumentException on non-square, asymmetric or non-finite input, or if an
     *     eigenvalue {@code l} of {@code H} has {@code eta l} outside {@code (0, 2)} (the message names it)
     */
    public static double[][] discreteSgd(double[][] hessian, double[][] noiseCovariance,
            double learningRate) {
        int d = Checks.square("H", hessian);
        Checks.sameDimension("Sigma", noiseCovariance, d);
        Checks.symmetric("H", hessian);
        Checks.positive("learningRate", learningRate, "pass the SGD learning rate eta > 0");
        double[] eig = new EigenDecomposition(MatrixUtils.createRealMatrix(hessian)).getRealEigenvalues();
        for (double l : eig) {
            double etaL = learningRate * l;
            if (!(etaL > 0 && etaL < 2)) {
                throw new IllegalArgumentException("H has eigenvalue l = " + l + " with eta*l = " + etaL
                        + " outside (0, 2): " + (etaL > 0 ? "SGD is unstable; reduce the learning rate"
                                : "no minimum in that direction; the stationary state does not exist"));
            }
        }
        double[][] a = new double[d][d];
        double[][] q = new double[d][d];
        double eta2 = learningRate * learningRate;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = (i == j ? 1 : 0) - learningRate * hessian[i][j];
                q[i][j] = eta2 * noiseCovariance[i][j];
            }
        }
        return discrete(a, q);
    }

    /**
     * Exact discrete covariance of preconditioned SGD {@code x <- x - eta P g}:
     * {@code A = I - eta P H}, {@code Q = eta^2 P Sigma P^T}.
     *
     * @param hessian {@code H}
     * @param noiseCovariance {@code Sigma}
     * @param learningRate {@code eta > 0}
     * @param preconditioner {@code P} (need not be symmetric)
     * @return {@code S}
     * @throws IllegalArgumentException on bad shapes or if {@code I - eta P H} is not stable
     */
    public static double[][] discretePreconditioned(double[][] hessian, double[][] noiseCovariance,
            double learningRate, double[][] preconditioner) {
        int d = Checks.square("H", hessian);
        Checks.sameDimension("Sigma", noiseCovariance, d);
        Checks.sameDimension("P", preconditioner, d);
        Checks.positive("learningRate", learningRate, "pass the learning rate eta > 0");
        RealMatrix p = MatrixUtils.createRealMatrix(preconditioner);
        RealMatrix ph = p.multiply(MatrixUtils.createRealMatrix(hessian));
        RealMatrix a = MatrixUtils.createRealIdentityMatrix(d).subtract(ph.scalarMultiply(learningRate));
        RealMatrix q = p.multiply(MatrixUtils.createRealMatrix(noiseCovariance)).multiply(p.transpose())
                .scalarMultiply(learningRate * learningRate);
        return discrete(a.getData(), q.getData());
    }

    /**
     * Solves the continuous Lyapunov equation {@code H S + S H = eta Sigma} in the eigenbasis of
     * {@code H}: {@code S~_ij = eta Sigma~_ij/(l_i + l_j)}.
     *
     * @param hessian symmetric positive definite {@code H}
     * @param noiseCovariance {@code Sigma}
     * @param learningRate {@code eta > 0}
     * @return {@code S}, the Ornstein-Uhlenbeck stationary covariance
     * @throws IllegalArgumentException on non-square, asymmetric or non-finite input, or if {@code H}
     *     has an eigenvalue {@code <= 0} (no stationary state)
     */
    public static double[][] continuous(double[][] hessian, double[][] noiseCovariance,
            double learningRate) {
        int d = Checks.square("H", hessian);
        Checks.sameDimension("Sigma", noiseCovariance, d);
        Checks.symmetric("H", hessian);
        Checks.positive("learningRate", learningRate, "pass the learning rate eta > 0");
        EigenDecomposition eig = new EigenDecomposition(MatrixUtils.createRealMatrix(hessian));
        double[] l = eig.getRealEigenvalues();
        for (double li : l) {
            if (!(li > 0)) {
                throw new IllegalArgumentException("H must be positive definite, but has eigenvalue "
                        + li + " <= 0; the Ornstein-Uhlenbeck process has no stationary state");
            }
        }
        RealMatrix v = eig.getV();
        RealMatrix st = v.transpose().multiply(MatrixUtils.createRealMatrix(noiseCovariance)).multiply(v);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                st.setEntry(i, j, learningRate * st.getEntry(i, j) / (l[i] + l[j]));
            }
        }
        return symmetrizeIfSymmetric(v.multiply(st).multiply(v.transpose()).getData(), noiseCovariance);
    }

    /**
     * Solves the preconditioned continuous equation {@code P H S + S H P = eta P Sigma P} for symmetric
     * positive definite {@code P}, by the substitution {@code S = R Y R}, {@code R = P^{1/2}}, which
     * turns it into {@code (R H R) Y + Y (R H R) = eta R Sigma R}.
     *
     * @param hessian symmetric positive definite {@code H}
     * @param noiseCovariance {@code Sigma}
     * @param learningRate {@code eta > 0}
     * @param preconditioner symmetric positive definite {@code P}
     * @return {@code S}
     * @throws IllegalArgumentException on bad shapes, asymmetric input, or {@code H}, {@code P} not
     *     positive definite
     */
    public static double[][] continuousPreconditioned(double[][] hessian, double[][] noiseCovariance,
            double learningRate, double[][] preconditioner) {
        int d = Checks.square("H", hessian);
        Checks.sameDimension("Sigma", noiseCovariance, d);
        Checks.sameDimension("P", preconditioner, d);
        Checks.symmetric("H", hessian);
        Checks.symmetric("P", preconditioner);
        EigenDecomposition eig = new EigenDecomposition(MatrixUtils.createRealMatrix(preconditioner));
        double[] p = eig.getRealEigenvalues();
        double[] sqrt = new double[d];
        for (int i = 0; i < d; i++) {
            if (!(p[i] > 0)) {
                throw new IllegalArgumentException("P must be positive definite, but has eigenvalue " + p[i]
                        + " <= 0; pass a symmetric positive definite preconditioner");
            }
            sqrt[i] = Math.sqrt(p[i]);
        }
        RealMatrix v = eig.getV();
        RealMatrix r = v.multiply(MatrixUtils.createRealDiagonalMatrix(sqrt)).multiply(v.transpose());
        r = r.add(r.transpose()).scalarMultiply(0.5);
        RealMatrix hr = r.multiply(MatrixUtils.createRealMatrix(hessian)).multiply(r);
        RealMatrix sr = r.multiply(MatrixUtils.createRealMatrix(noiseCovariance)).multiply(r);
        double[][] hrData = symmetrize(hr.getData());
        double[][] y = continuous(hrData, sr.getData(), learningRate);
        return symmetrizeIfSymmetric(r.multiply(MatrixUtils.createRealMatrix(y)).multiply(r).getData(),
                noiseCovariance);
    }

    /**
     * Per-coordinate stationary variances {@code S_ii} from the full discrete SGD Lyapunov solution
     * ({@link #discreteSgd}), as predictions. Never throws: malformed input gives {@code INVALID_INPUT},
     * an eigenvalue {@code <= 0} of {@code H} gives {@code NON_POSITIVE_CURVATURE} and {@code eta l >= 2}
     * gives {@code UNSTABLE}, for every coordinate.
     *
     * @param hessian symmetric {@code H}
     * @param noiseCovariance {@code Sigma}, per step
     * @param learningRate {@code eta}
     * @return one prediction per coordinate (unmodifiable)
     */
    public static List<Prediction> predictMarginalVariances(double[][] hessian, double[][] noiseCovariance,
            double learningRate) {
        return MarginalVariancePredictions.fullSolution(hessian, noiseCovariance, learningRate);
    }

    /**
     * Per-coordinate predictions from the diagonal only, {@code eta Sigma_ii/(H_ii (2 - eta H_ii))}
     * (docs/theory.md#the-diagonal-hessian-approximation): exact only when {@code H} is diagonal or {@code Sigma ∝ H};
     * with coupled {@code H} and isotropic noise it <em>underestimates</em> the spread. Never throws.
     *
     * @param hessian {@code H} (only the diagonal is used)
     * @param noiseCovariance {@code Sigma} (only the diagonal is used)
     * @param learningRate {@code eta}
     * @return one prediction per coordinate (unmodifiable)
     */
    public static List<Prediction> diagonalApproximation(double[][] hessian, double[][] noiseCovariance,
            double learningRate) {
        return MarginalVariancePredictions.diagonalOnly(hessian, noiseCovariance, learningRate);
    }

    private static double[][] symmetrize(double[][] m) {
        int d = m.length;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double avg = 0.5 * (m[i][j] + m[j][i]);
                m[i][j] = avg;
                m[j][i] = avg;
            }
        }
        return m;
    }

    private static double[][] symmetrizeIfSymmetric(double[][] s, double[][] q) {
        int d = q.length;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                if (q[i][j] != q[j][i]) {
                    return s;
                }
            }
        }
        return symmetrize(s);
    }
}
