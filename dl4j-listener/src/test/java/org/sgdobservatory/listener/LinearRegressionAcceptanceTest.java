package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.sim.stats.Median;

/**
 * Acceptance (a) observed variances, (c) probes, (d) stationarity: linear regression as a DL4J network (one
 * OutputLayer, identity, MSE, nIn = 5, nOut = 1) on synthetic data with known X, Sgd on i.i.d. minibatches drawn with
 * replacement.
 *
 * <p>Reference values come from the data alone: Hessian {@code H = 2 Z^T Z / n} (Z = [X, 1],
 * docs/dl4j-behaviour.md#score-and-mse-normalisation),
 * per-example gradient covariance C at the least-squares optimum (population, 1/n), {@code Sigma_B = C/B}
 * (sampling with replacement, docs/data-order.md#independent-minibatches), and the exact discrete Lyapunov solution
 * {@code S = (I - eta H) S (I - eta H)^T + eta^2 Sigma_B}
 * (docs/theory.md#n-d-quadratics-and-the-lyapunov-equation).
 *
 * <p>Regime: linear regression has state-dependent noise; averaged over the stationary spread it adds about
 * {@code (eta/B) sum_j E[x_i^2 x_j^2]/E[x_i^2] ~ (eta/B)(d+3)} relative to Sigma_B at the optimum (measured
 * +7% at eta = 0.1, B = 10). At eta = 0.05, B = 50 that is 0.8%, well below the ~3-7% standard errors.
 */
@Tag("slow")
class LinearRegressionAcceptanceTest {

    static final double LR = 0.05;
    static final int B = 50;
    static final int BURN_IN = 500;
    static final int WINDOW = 12000;

    static LinearRegressionFixture fx;
    static ObservatoryReport report;
    static double[] optimum;
    static double[][] hessian;
    static double[][] sigmaB;
    static double[][] lyapunov;

    @BeforeAll
    static void train() {
        fx = TestFixtures.independentFeatures();
        optimum = fx.optimum();
        hessian = fx.hessian();
        sigmaB = fx.minibatchNoiseCovariance(B);
        lyapunov = LinearRegressionFixture.discreteLyapunov(hessian, sigmaB, LR);

        DataSet data = fx.dataSet(DataType.FLOAT);
        MultiLayerNetwork net = fx.mln(new Sgd(LR), 1);
        ObservatoryListener listener = ObservatoryListener.builder()
                .startAtIteration(BURN_IN).windowIterations(WINDOW).every(1)
                .probeData(fx.dataSet(DataType.DOUBLE)).hutchinsonProbes(1000).perExampleGradients(fx.n)
                .seed(3).build();
        net.addListeners(listener);
        net.fit(new SamplingIterator(data, B, BURN_IN + WINDOW + 10, SamplingIterator.Order.IID, 99));
        report = listener.lastReport().orElseThrow();
    }

    /** Report order is 0_W[0..4], 0_b[0]: the same order as (w, b) in the fixture. */
    private static List<ParameterReport> params() {
        return report.parameters();
    }

    @Test
    void a_observedVariancesMatchTheExactLyapunovSolution() {
        List<ParameterReport> ps = params();
        assertEquals(fx.d + 1, ps.size(), "every parameter is tracked");
        for (int i = 0; i < ps.size(); i++) {
            ParameterReport p = ps.get(i);
            // The variance standard error is Bartlett's Var*sqrt(2 tau2/n) with the measured autocorrelation;
            // 3.5 SE keeps the family-wise false-alarm rate over 6 parameters below 0.3%.
            double z = (p.observed().variance().value() - lyapunov[i][i]) / p.observed().variance().standardError();
            System.out.printf("a: %s[%d] observed %.5g lyapunov %.5g ratio %.4f z %.2f ESS %.0f%n", p.key(), p.index(),
                    p.observed().variance().value(), lyapunov[i][i], p.observed().variance().value() / lyapunov[i][i], z, p.observed().effectiveSampleSize());
            assertTrue(Math.abs(z) < 3.5, "parameter " + i + ": observed variance " + p.observed().variance().value()
                    + " vs exact Lyapunov " + lyapunov[i][i] + " is " + z + " standard errors away");
        }
    }

    @Test
    void a_listenerPredictionsHaveMedianRatioWithin15Percent() {
        double median = Median.of(params().stream().mapToDouble(p -> p.comparison().ratio().value()).toArray());
        System.out.printf("a: median observed/predicted (listener probes) = %.4f%n", median);
        // Each ratio has relative SE ~ sqrt(2 tau2/n) <= 7% here (tau2 <= 28, n = 12000);
        // the diagonal-Hessian error is ~ the squared feature correlations (~1e-3). The median of 6 is tighter;
        // 15% is the bound, over 2 SE of a single ratio.
        assertEquals(1.0, median, 0.15, "median observed/predicted variance over the 6 parameters");
    }

    @Test
    void temperatureGrowsLinearlyWithNoiseForSgd() {
        org.sgdobservatory.report.model.Slope fit = org.sgdobservatory.listener.judge.TemperatureSlope.of(params(), 1.0, "test");
        double[] slope = {fit.value(), fit.standardError()};
        System.out.printf("T-slope: d log T / d log sigma^2 = %.3f +- %.3f (theory 1 for SGD); median alpha %.3f%n",
                slope[0], slope[1], report.group("0_W").orElseThrow().statistics().medianMeasuredAlpha());
        // T_i = eta s2_i / (2 - eta h_i) for SGD: the slope is 1 up to the (2 - eta h_i) factor, which varies by
        // under 7% across parameters (eta h in 0.036..0.17) against a 1.5 spread of log s2, and the sampling
        // error of each log T (~7%) enters through the OLS standard error. 4 SE + 0.05 for the factor.
        assertEquals(1.0, slope[0], 4 * slope[1] + 0.05, "slope of log T on log sigma^2 across 6 parameters");
        // alpha = T/(eta s2) = 1/(2 - eta h): between 0.5 and 0.55 here
        // (docs/theory.md#sgd-on-a-1-d-quadratic), with ~7% sampling error
        assertEquals(0.52, report.group("0_W").orElseThrow().statistics().medianMeasuredAlpha(), 0.08, "measured alpha");
    }

    @Test
    void c_hutchinsonDiagonalMatchesTheAnalyticHessian() {
        List<ParameterReport> ps = params();
        for (int i = 0; i < ps.size(); i++) {
            double offDiag = 0;
            for (int j = 0; j < ps.size(); j++) {
                offDiag += j == i ? 0 : hessian[i][j] * hessian[i][j];
            }
            // Rademacher Hutchinson: per-probe variance sum_{j != i} H_ij^2
            // (docs/estimators.md#hutchinsons-diagonal-estimator), 1000 probes;
            // central differences in double add ~1e-10. Allow 4 SE, and check that 4 SE is within the 5%.
            double se = Math.sqrt(offDiag / 1000);
            double h = ps.get(i).probed().curvature().value();
            System.out.printf("c: H[%d] hutchinson %.5f analytic %.5f ratio %.4f (4 SE = %.2f%%)%n", i, h,
                    hessian[i][i], h / hessian[i][i], 400 * se / hessian[i][i]);
            assertTrue(4 * se < 0.05 * hessian[i][i], "the test's own resolution must be finer than 5%");
            assertEquals(hessian[i][i], h, 4 * se + 1e-8, "Hutchinson diagonal, parameter " + i);
        }
    }

    @Test
    void c_noiseProbeMatchesTheAnalyticSigmaB() {
        List<ParameterReport> ps = params();
        for (int i = 0; i < ps.size(); i++) {
            double s2 = ps.get(i).probed().noiseVariance().value();
            System.out.printf("c: SigmaB[%d] probe %.5g analytic %.5g ratio %.4f%n", i, s2, sigmaB[i][i],
                    s2 / sigmaB[i][i]);
            // The probe uses all n examples (probeData), so it differs from the analytic population value only by
            // n/(n-1) (0.1%) and by evaluating at the window mean instead of the optimum (shift ~ sd/sqrt(ESS)).
            assertEquals(1.0, s2 / sigmaB[i][i], 0.05, "noise probe / analytic Sigma_B, parameter " + i);
        }
        // excess kurtosis of the per-example gradient -2 r_i z_i over the data at the optimum (population
        // moments, the test's own reference), divided by B for the minibatch noise
        double[] opt = optimum;
        for (int c = 0; c < ps.size(); c++) {
            double m2 = 0;
            double m4 = 0;
            double mean = 0;
            double[] g = new double[fx.n];
            for (int i = 0; i < fx.n; i++) {
                double[] z = fx.row1(i);
                double r = fx.y[i];
                for (int k = 0; k < z.length; k++) {
                    r -= z[k] * opt[k];
                }
                g[i] = -2 * r * z[c];
                mean += g[i] / fx.n;
            }
            for (int i = 0; i < fx.n; i++) {
                double dv = g[i] - mean;
                m2 += dv * dv / fx.n;
                m4 += dv * dv * dv * dv / fx.n;
            }
            double kappa = (m4 / (m2 * m2) - 3) / B;
            double probe = ps.get(c).probed().noiseExcessKurtosis();
            System.out.printf("c: noise excess kurtosis[%d] probe %.4f analytic %.4f%n", c, probe, kappa);
            // same n examples, evaluated at the window mean instead of the optimum: the residuals shift by
            // ~sd(theta) ~ 0.016 against a residual sd of 0.5, moving the fourth-moment ratio by well under 0.1/B
            assertEquals(kappa, probe, 0.1 / B + 0.05 * Math.abs(kappa), "noise excess kurtosis, parameter " + c);
        }
        assertTrue(report.probes().noiseScaling().isPresent(), "the 1/B check ran");
        var ns = report.probes().noiseScaling().get();
        System.out.printf("c: 1/B law: median Var(minibatch)/(Var(example)/B) = %.3f (SE of one ratio %.3f)%n",
                ns.medianRatio(), ns.ratioStandardError());
        // the median of 6 ratios each with SE sqrt(2/(K-1)): 4 SE of one ratio is a loose bound on the median
        assertEquals(1.0, ns.medianRatio(), 4 * ns.ratioStandardError(), "1/B law");
    }

    @Test
    void d_settledRunHasFdrNearOneAndNoDrift() {
        for (ParameterReport p : params()) {
            System.out.printf("d: FDR %s[%d] = %.5f, Geweke z = %.2f%n", p.key(), p.index(),
                    p.drift().fluctuationDissipationRatio(), p.drift().gewekeZ());
            // Observing every step, Yaida's FDR telescopes: 2 sum x u / sum u^2 - 1 = (x_0^2 - x_N^2) / sum u^2,
            // of order Var/(n E[u^2]) ~ 1/(2 eta h n) <= 0.001 here (eta h >= 0.036, n = 12000); 0.05 leaves
            // room for the centring term. (Thinned observation loses the telescoping: SE ~ sqrt(2/(eta h n)).)
            assertEquals(1.0, p.drift().fluctuationDissipationRatio(), 0.05, "FDR ratio of " + p.key() + "[" + p.index() + "]");
        }
        assertTrue(report.group("0_W").orElseThrow().statistics().settled(), "the weights must be reported settled: "
                + report.group("0_W").orElseThrow().judgement().explanation());
        assertEquals(DataOrder.IID, report.dataOrder().detected(), "i.i.d. sampling detected: "
                + report.dataOrder().evidence());
    }
}
