package org.sgdobservatory.examples.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.sgdobservatory.examples.data.LabelledData;
import org.sgdobservatory.examples.simulate.DataOrderNames;
import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.Severity;
import org.sgdobservatory.sim.stats.Median;
import org.sgdobservatory.sim.theory.Lyapunov;

/**
 * The exact answer for SGD on linear regression with i.i.d. minibatches
 * ({@code docs/theory.md#n-d-quadratics-and-the-lyapunov-equation}): from the training data alone, the Hessian of
 * DL4J's MSE score {@code H = 2 Z^T Z / n} ({@code Z = [X, 1]}, one output;
 * {@code docs/dl4j-behaviour.md#score-and-mse-normalisation}), the per-example gradient covariance {@code C} at the
 * least-squares optimum (population, {@code 1/n}), {@code Sigma_B = C / B} (sampling with replacement), and the
 * stationary covariance from sim-core's {@link Lyapunov#discreteSgd}
 * ({@code S = (I - eta H) S (I - eta H)^T + eta^2 Sigma_B}, the full matrix, no diagonal approximation). Linear
 * regression's noise is state dependent; averaged over the spread it adds about {@code (eta/B)(d+3)} relative to
 * {@code Sigma_B} at the optimum (0.6% at the defaults), which the exact answer leaves out. The finding sets, per
 * parameter, the observed variance beside the exact answer and the listener's own (diagonal-Hessian) prediction.
 * Stateless.
 */
final class LinearRegressionReference implements ReferenceAnswer {

    @Override
    public List<Finding> compare(LabelledData train, RunSettings settings, ObservatoryReport report) {
        if (settings.optimizer() != OptimizerKind.SGD || settings.dataOrder() != DataOrder.IID
                || settings.weightDecay() != 0) {
            return List.of(Finding.of(FindingCode.REFERENCE_ANSWER, "no exact answer for this run: the discrete"
                    + " Lyapunov answer of this example holds for SGD with i.i.d. minibatches and no weight decay"
                    + " (this run: " + settings.optimizer().cliName() + ", " + DataOrderNames.cliName(
                    settings.dataOrder()) + ", weight decay " + settings.weightDecay() + "); run 'observatory run"
                    + " linreg --optimizer sgd --sampling iid' to compare with it"));
        }
        double[][] x = train.features();
        double[][] y = train.targets();
        int n = x.length;
        int p = x[0].length + 1;
        double[][] h = new double[p][p];
        double[][] normal = new double[p][p + 1];
        for (int i = 0; i < n; i++) {
            double[] z = row1(x[i]);
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    h[r][c] += 2.0 * z[r] * z[c] / n;
                    normal[r][c] += z[r] * z[c];
                }
                normal[r][p] += z[r] * y[i][0];
            }
        }
        double[] optimum = solve(normal);
        double[][] c = new double[p][p];
        double[][] g = new double[n][p];
        double[] mean = new double[p];
        for (int i = 0; i < n; i++) {
            double[] z = row1(x[i]);
            double r = y[i][0];
            for (int k = 0; k < p; k++) {
                r -= z[k] * optimum[k];
            }
            for (int k = 0; k < p; k++) {
                g[i][k] = -2.0 * r * z[k];
                mean[k] += g[i][k] / n;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < p; r++) {
                for (int k = 0; k < p; k++) {
                    c[r][k] += (g[i][r] - mean[r]) * (g[i][k] - mean[k]) / n;
                }
            }
        }
        for (double[] row : c) {
            for (int k = 0; k < p; k++) {
                row[k] /= settings.batchSize();
            }
        }
        double[][] s;
        try {
            s = Lyapunov.discreteSgd(h, c, settings.learningRate());
        } catch (IllegalArgumentException e) {
            return List.of(Finding.of(Severity.WARNING, FindingCode.REFERENCE_ANSWER,
                    "no exact answer: SGD has no stationary covariance at this learning rate: " + e.getMessage()));
        }
        List<String> parts = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (ParameterReport pr : report.parameters()) {
            int k = pr.key().endsWith("_W") ? (int) pr.index() : pr.key().endsWith("_b") ? p - 1 : -1;
            if (k < 0 || k >= p) {
                continue;
            }
            double exact = s[k][k];
            double observed = pr.observed().variance().value();
            double ratio = observed / exact;
            ratios.add(ratio);
            parts.add(String.format(Locale.ROOT, "%s[%d] observed %.4g, exact %.4g (ratio %.3f ± %.3f), listener's"
                    + " prediction %.4g", pr.key(), pr.index(), observed, exact, ratio,
                    pr.observed().variance().standardError() / exact, pr.prediction().variance().value()));
        }
        double median = Median.of(ratios);
        return List.of(Finding.of(FindingCode.REFERENCE_ANSWER, String.format(Locale.ROOT, "exact discrete Lyapunov"
                + " answer (from the data: H = 2 Z^T Z / n, Sigma_B = C/B at the least-squares optimum, full matrix):"
                + " median observed/exact variance %.3f over %d parameters; %s", median, ratios.size(),
                String.join("; ", parts))));
    }

    private static double[] row1(double[] x) {
        double[] z = Arrays.copyOf(x, x.length + 1);
        z[x.length] = 1.0;
        return z;
    }

    /** Gauss-Jordan with partial pivoting on the augmented normal equations. */
    private static double[] solve(double[][] a) {
        int p = a.length;
        for (int col = 0; col < p; col++) {
            int piv = col;
            for (int r = col + 1; r < p; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            double[] t = a[col];
            a[col] = a[piv];
            a[piv] = t;
            for (int r = 0; r < p; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int k = col; k <= p; k++) {
                        a[r][k] -= f * a[col][k];
                    }
                }
            }
        }
        double[] out = new double[p];
        for (int r = 0; r < p; r++) {
            out[r] = a[r][p] / a[r][r];
        }
        return out;
    }
}
