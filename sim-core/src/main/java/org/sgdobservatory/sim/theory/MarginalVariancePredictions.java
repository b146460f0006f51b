package org.sgdobservatory.sim.theory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;

/**
 * Per-coordinate stationary variances of SGD on an N-D quadratic as {@link Prediction}s that never throw: from the
 * full discrete Lyapunov solution (docs/theory.md#n-d-quadratics-and-the-lyapunov-equation) and from the diagonal
 * only (docs/theory.md#the-diagonal-hessian-approximation). The public entry points are
 * {@link Lyapunov#predictMarginalVariances} and {@link Lyapunov#diagonalApproximation}. Stateless and thread-safe.
 */
final class MarginalVariancePredictions {

    private MarginalVariancePredictions() {
    }

    /** See {@link Lyapunov#predictMarginalVariances}. */
    static List<Prediction> fullSolution(double[][] hessian, double[][] noiseCovariance, double learningRate) {
        int d;
        double[] eig;
        try {
            d = Checks.square("H", hessian);
            Checks.sameDimension("Sigma", noiseCovariance, d);
            Checks.symmetric("H", hessian);
            Checks.positive("learningRate", learningRate, "pass eta > 0");
            eig = new EigenDecomposition(MatrixUtils.createRealMatrix(hessian)).getRealEigenvalues();
        } catch (IllegalArgumentException e) {
            return invalidInput(hessian, e);
        }
        for (double l : eig) {
            if (!(l > 0)) {
                return Collections.nCopies(d, new Prediction.NotApplicable(
                        Prediction.Reason.NON_POSITIVE_CURVATURE,
                        "H has eigenvalue " + l + " <= 0: no minimum in that direction, no stationary state"));
            }
            if (!(learningRate * l < 2)) {
                return Collections.nCopies(d, new Prediction.NotApplicable(Prediction.Reason.UNSTABLE,
                        "eta*l = " + learningRate * l + " >= 2 for eigenvalue l = " + l + " of H: unstable"));
            }
        }
        double[][] s = Lyapunov.discreteSgd(hessian, noiseCovariance, learningRate);
        List<Prediction> out = new ArrayList<>(d);
        for (int i = 0; i < d; i++) {
            if (!(s[i][i] >= 0)) {
                out.add(new Prediction.NotApplicable(Prediction.Reason.INVALID_INPUT, "S_" + i + i + " = "
                        + s[i][i] + " < 0: Sigma is not a covariance (not positive semi-definite)"));
            } else {
                out.add(new Prediction.Stationary(s[i][i],
                        "full discrete SGD Lyapunov solution, D = " + d
                                + " (docs/theory.md#n-d-quadratics-and-the-lyapunov-equation)"));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** See {@link Lyapunov#diagonalApproximation}. */
    static List<Prediction> diagonalOnly(double[][] hessian, double[][] noiseCovariance, double learningRate) {
        try {
            int d = Checks.square("H", hessian);
            Checks.sameDimension("Sigma", noiseCovariance, d);
        } catch (IllegalArgumentException e) {
            return invalidInput(hessian, e);
        }
        List<Prediction> out = new ArrayList<>(hessian.length);
        for (int i = 0; i < hessian.length; i++) {
            Prediction p = SgdQuadratic1D.predict(learningRate, hessian[i][i], noiseCovariance[i][i]);
            out.add(p instanceof Prediction.Stationary st
                    ? new Prediction.Stationary(st.variance(), "diagonal-Hessian approximation"
                            + " eta Sigma_ii/(H_ii(2 - eta H_ii)); exact only for diagonal H or Sigma ∝ H"
                            + " (docs/theory.md#the-diagonal-hessian-approximation)")
                    : p);
        }
        return Collections.unmodifiableList(out);
    }

    /** One {@code INVALID_INPUT} answer per row of {@code hessian} (at least one), with the check's message. */
    private static List<Prediction> invalidInput(double[][] hessian, IllegalArgumentException e) {
        int n = hessian == null ? 1 : Math.max(1, hessian.length);
        return Collections.nCopies(n, new Prediction.NotApplicable(Prediction.Reason.INVALID_INPUT, e.getMessage()));
    }
}
