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
import org.sgdobservatory.sim.gradient.LeastSquaresDataset;
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
        double[][] s;
        try {
            s = exactCovariance(train, settings);
        } catch (IllegalArgumentException e) {
            return List.of(Finding.of(Severity.WARNING, FindingCode.REFERENCE_ANSWER,
                    "no exact answer: " + e.getMessage()));
        }
        return List.of(comparison(s, report));
    }

    /**
     * The stationary covariance of SGD on DL4J's MSE score of {@code train} (sim-core's least squares has half
     * DL4J's loss: {@code H = 2 H_ls}, per-example gradients {@code 2 g_ls}, so {@code C = 4 C_ls}).
     *
     * @throws IllegalArgumentException when the features are collinear or SGD has no stationary covariance
     */
    private static double[][] exactCovariance(LabelledData train, RunSettings settings) {
        double[][] x = train.features();
        double[][] z = new double[x.length][];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = Arrays.copyOf(x[i], x[i].length + 1);
            z[i][x[i].length] = 1.0;
            y[i] = train.targets()[i][0];
        }
        LeastSquaresDataset data = LeastSquaresDataset.of(z, y);
        double[][] h = data.landscape().hessian();
        double[][] c = data.perExampleCovariance(new double[z[0].length]);
        for (int r = 0; r < h.length; r++) {
            for (int k = 0; k < h.length; k++) {
                h[r][k] *= 2;
                c[r][k] *= 4.0 / settings.batchSize();
            }
        }
        try {
            return Lyapunov.discreteSgd(h, c, settings.learningRate());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SGD has no stationary covariance at this learning rate: "
                    + e.getMessage(), e);
        }
    }

    /** The finding: per parameter, the observed variance beside the exact one and the listener's prediction. */
    private static Finding comparison(double[][] s, ObservatoryReport report) {
        int p = s.length;
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
        return Finding.of(FindingCode.REFERENCE_ANSWER, String.format(Locale.ROOT, "exact discrete Lyapunov"
                + " answer (from the data: H = 2 Z^T Z / n, Sigma_B = C/B at the least-squares optimum, full matrix):"
                + " median observed/exact variance %.3f over %d parameters; %s", median, ratios.size(),
                String.join("; ", parts)));
    }
}
