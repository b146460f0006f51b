package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.listener.report.CloseUpAssembler;
import org.sgdobservatory.report.model.CloseUpReport;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;

/**
 * Close-ups, loss slices and the Gibbs density (docs/estimators.md#loss-slices) on the linear-regression fixture
 * of acceptance test (a): Sgd lr 0.05, B = 50, i.i.d. minibatches, a window of 1990 iterations (below the 2000
 * trace points, so the trace is complete), probe data = the whole data set, 6 close-ups = every parameter.
 *
 * <p>References: the score is {@code L(theta) = mean_i (y_i - z_i.theta)^2}
 * (docs/dl4j-behaviour.md#score-and-mse-normalisation), exactly quadratic with
 * Hessian {@code H = 2 Z^T Z / n}; the Gibbs density {@code exp(-(L - min L)/T)}, {@code T = lr sigma^2_B / 2}, on
 * a quadratic slice of curvature {@code h} is normal with variance {@code T/h = lr sigma^2_B/(2h)}, the SDE limit
 * (docs/theory.md#fokker-planck-and-the-value-of-alpha).
 */
@Tag("slow")
class CloseUpAcceptanceTest {

    static final double LR = 0.05;
    static final int WINDOW = 1990;
    static LinearRegressionFixture fx;
    static ObservatoryReport report;

    @BeforeAll
    static void train() {
        fx = TestFixtures.independentFeatures();
        MultiLayerNetwork net = fx.mln(new Sgd(LR), 1);
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(500).windowIterations(WINDOW)
                .probeData(fx.dataSet(DataType.DOUBLE)).perExampleGradients(fx.n).closeUps(6).seed(4)
                .build().attachTo(net);
        net.fit(new SamplingIterator(fx.dataSet(DataType.FLOAT), 50, 500 + WINDOW + 10, SamplingIterator.Order.IID,
                7));
        report = l.lastReport().orElseThrow();
    }

    @Test
    void everyParameterGetsACompleteTraceWhoseStatisticsAreTheReportedOnes() {
        List<CloseUpReport> cs = report.closeUps();
        assertEquals(6, cs.size(), "6 close-ups");
        assertEquals(List.of("0_W", "0_W", "0_W", "0_W", "0_W", "0_b"), cs.stream().map(CloseUpReport::key).toList(),
                "all parameters, report order");
        for (int c = 0; c < cs.size(); c++) {
            CloseUpReport cu = cs.get(c);
            ParameterReport p = report.parameters().get(c);
            assertEquals(p.index(), cu.index(), "close-up " + c + " is parameter " + c);
            assertEquals(WINDOW, cu.trace().values().size(), "complete trace below 2000 points");
            assertEquals(500L, cu.trace().iterations().get(0), "first observed iteration");
            double[] x = cu.trace().values().stream().mapToDouble(Double::doubleValue).toArray();
            double m = 0;
            for (double v : x) {
                m += v / x.length;
            }
            double var = 0;
            double lag1 = 0;
            for (int t = 0; t < x.length; t++) {
                var += (x[t] - m) * (x[t] - m) / x.length;
                if (t + 1 < x.length) {
                    lag1 += (x[t] - m) * (x[t + 1] - m) / x.length;
                }
            }
            // the same samples in double: equal up to summation rounding (shifted sums, ~1e-12 relative)
            assertEquals(p.observed().variance().value(), var, 1e-9 * var, "trace variance = reported variance, " + cu.key() + cu.index());
            assertEquals(lag1 / var, cu.autocorrelation().get(1), 1e-7, "ACF lag 1 from the streaming moments");
            assertEquals(1.0, cu.autocorrelation().get(0), 0.0, "ACF lag 0");
            long total = cu.histogram().counts().stream().mapToLong(Long::longValue).sum();
            assertEquals(WINDOW, total, "the histogram counts every observed value");
            double binWidth = (cu.histogram().high() - cu.histogram().low()) / cu.histogram().counts().size();
            assertTrue(cu.histogram().low() <= min(x) && max(x) < cu.histogram().high() + 1e-12 * binWidth,
                    "histogram covers the trace");
        }
    }

    @Test
    void lossSliceIsExactlyQuadraticWithTheAnalyticHessianDiagonal() {
        double[][] h = fx.hessian();
        for (int c = 0; c < report.closeUps().size(); c++) {
            CloseUpReport cu = report.closeUps().get(c);
            List<Double> t = cu.slice().offset();
            List<Double> dl = cu.slice().loss();
            assertEquals(CloseUpAssembler.SLICE_POINTS, t.size(), "slice points");
            double loss = scoreAtMeans();
            int mid = t.size() / 2;
            double worst = 0;
            assertEquals(0.0, t.get(mid), 1e-15, "symmetric offsets");
            for (int k = 1; k <= mid; k++) {
                double tk = t.get(mid + k);
                assertEquals(-tk, t.get(mid - k), 1e-15 * Math.abs(tk), "symmetric offsets");
                double curvature = (dl.get(mid + k) + dl.get(mid - k)) / (tk * tk);
                // rounding: each score sums n = 1000 terms, error <= n eps |L| (worst case), three distinct
                // scores enter the second difference (base twice): <= 4 n eps |L| / t^2 absolute
                double tol = 4 * fx.n * Math.ulp(1.0) * loss / (tk * tk);
                assertEquals(h[c][c], curvature, tol + 1e-12 * h[c][c], "second difference at t = " + tk
                        + " equals H_ii (" + cu.key() + cu.index() + ")");
                worst = Math.max(worst, Math.abs(curvature / h[c][c] - 1));
            }
            System.out.printf("slice %s%d: second differences / analytic H_ii - 1: max %.2g over %d offsets%n",
                    cu.key(), cu.index(), worst, mid);
        }
    }

    @Test
    void gibbsDensityHasTheSdeVarianceOnTheExactSlice() {
        double[][] h = fx.hessian();
        for (int c = 0; c < report.closeUps().size(); c++) {
            CloseUpReport cu = report.closeUps().get(c);
            ParameterReport p = report.parameters().get(c);
            double temperature = 0.5 * LR * p.probed().noiseVariance().value();
            assertEquals(temperature, cu.densities().gibbsLectureTemperature(), 1e-15 * temperature, "T = (1/2) lr sigma^2_B");
            double[] x = cu.densities().x().stream().mapToDouble(Double::doubleValue).toArray();
            double[] g = cu.densities().gibbsLecture().stream().mapToDouble(Double::doubleValue).toArray();
            double[] pr = cu.densities().predicted().stream().mapToDouble(Double::doubleValue).toArray();
            assertEquals(1.0, trapezoid(x, g, 0), 1e-12, "Gibbs density integrates to 1 on the grid");
            assertEquals(1.0, trapezoid(x, pr, 0), 1e-12, "predicted density integrates to 1 on the grid");
            double mean = trapezoid(x, g, 1);
            double var = trapezoid(x, g, 2) - mean * mean;
            double sde = LR * p.probed().noiseVariance().value() / (2 * h[c][c]);
            double s = Math.sqrt(sde);
            // The slice is exactly quadratic (previous test), so on the infinite line the Gibbs density is
            // N(x0, sde). The grid (half-width W >= 4 predicted sd >= ~4 s) truncates it: with a = (W - |x0 - c|)/s
            // the variance deficit is at most 2 (a + 1/a) phi(a) / (1 - 2 phi(a)/a) (Mills-ratio bound). The
            // trapezoid rule on a Gaussian with step <= 0.4 s is exact to ~1e-8 except for the end terms,
            // w^2/12 |d(x^2 p)/dx| at the ends <= 1e-4 relative.
            double w = x[1] - x[0];
            double halfWidth = (x[x.length - 1] - x[0]) / 2;
            double centre = x[x.length / 2];
            double a = (halfWidth - Math.abs(mean - centre)) / s;
            double phi = Math.exp(-a * a / 2) / Math.sqrt(2 * Math.PI);
            double tol = 2 * (a + 1 / a) * phi / (1 - 2 * phi / a) + 1e-4;
            System.out.printf("slices: %s%d Gibbs var / (lr s2/2h) = %.6f (tolerance %.2g, a = %.2f, w/s = %.2f);"
                    + " tail index %.3g%n", cu.key(), cu.index(), var / sde, tol, a, w / s, p.probed().noiseTailIndex());
            assertTrue(a > 3, "grid covers the Gibbs density: " + a + " sd");
            assertEquals(1.0, var / sde, tol, "Gibbs variance = lr sigma^2_B / (2h) (" + cu.key() + cu.index() + ")");
            assertTrue(cu.densities().basis().contains("alpha = 1/2"), cu.densities().basis());
        }
    }

    /**
     * Kolmogorov-Smirnov distance between the histogram (its empirical CDF at the bin edges, exact there) and the
     * predicted normal density (predicted variance, observed mean). With autocorrelated samples
     * {@code sqrt(ESS) D} is approximately Kolmogorov-distributed; the ESS of theta is conservative for the
     * indicator functions (their autocorrelation decays faster), and fitting the mean makes D smaller
     * (Lilliefors). Critical value 1.95 (p = 0.001 per parameter, six parameters).
     */
    @Test
    void histogramAgreesWithThePredictedDensity() {
        for (int c = 0; c < report.closeUps().size(); c++) {
            CloseUpReport cu = report.closeUps().get(c);
            ParameterReport p = report.parameters().get(c);
            org.apache.commons.math3.distribution.NormalDistribution predicted =
                    new org.apache.commons.math3.distribution.NormalDistribution(null, p.observed().mean(),
                            Math.sqrt(p.prediction().variance().value()));
            List<Long> counts = cu.histogram().counts();
            double w = (cu.histogram().high() - cu.histogram().low()) / counts.size();
            double cumulative = 0;
            double d = predicted.cumulativeProbability(cu.histogram().low());
            for (int b = 0; b < counts.size(); b++) {
                cumulative += counts.get(b) / (double) WINDOW;
                double edge = cu.histogram().low() + (b + 1) * w;
                d = Math.max(d, Math.abs(cumulative - predicted.cumulativeProbability(edge)));
            }
            double statistic = Math.sqrt(p.observed().effectiveSampleSize()) * d;
            System.out.printf("close-up %s%d: KS sqrt(ESS) D = %.3f (ESS %.0f)%n", cu.key(), cu.index(), statistic,
                    p.observed().effectiveSampleSize());
            assertTrue(statistic < 1.95, "histogram vs predicted density, sqrt(ESS) D = " + statistic);
        }
    }

    @Test
    void everyParameterHasAGradientNoiseTailIndex() {
        for (ParameterReport p : report.parameters()) {
            // per-example gradient -2 r z_i: a product of two Gaussians (exponential tails): a finite, large index
            assertTrue(p.probed().noiseTailIndex() > 2, "finite-variance noise: " + p.probed().noiseTailIndex());
            assertTrue(Double.isNaN(p.observed().limitCycleSpread()), "no limit cycle for i.i.d. minibatches");
        }
    }

    /** DL4J's MSE score (docs/dl4j-behaviour.md#score-and-mse-normalisation) at the reported means, in double. */
    private static double scoreAtMeans() {
        double[] theta = report.parameters().stream().mapToDouble(p -> p.observed().mean()).toArray();
        double s = 0;
        for (int i = 0; i < fx.n; i++) {
            double[] z = fx.row1(i);
            double r = fx.y[i];
            for (int j = 0; j < z.length; j++) {
                r -= z[j] * theta[j];
            }
            s += r * r / fx.n;
        }
        return s;
    }

    private static double trapezoid(double[] x, double[] p, int power) {
        double s = 0;
        for (int k = 1; k < x.length; k++) {
            s += 0.5 * (Math.pow(x[k], power) * p[k] + Math.pow(x[k - 1], power) * p[k - 1]) * (x[k] - x[k - 1]);
        }
        return s;
    }

    private static double min(double[] x) {
        return java.util.Arrays.stream(x).min().orElseThrow();
    }

    private static double max(double[] x) {
        return java.util.Arrays.stream(x).max().orElseThrow();
    }
}
