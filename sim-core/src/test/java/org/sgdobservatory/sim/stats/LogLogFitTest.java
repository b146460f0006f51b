package org.sgdobservatory.sim.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

/** {@link LogLogFit}: hand-computed OLS, weighted least squares, dropped points and too few points. */
class LogLogFitTest {
    // log x = 0, 1, 2, 3 and log y = 0, 1.5, 1.8, 3.3.
    private static final double[] X = {1, Math.E, Math.exp(2), Math.exp(3)};
    private static final double[] Y = {1, Math.exp(1.5), Math.exp(1.8), Math.exp(3.3)};

    @Test
    void ordinaryLeastSquaresMatchesTheHandComputation() {
        // By hand: u_bar = 1.5, v_bar = 1.65, Suu = 5, Suv = 5.1, b = 1.02, a = 1.65 - 1.02 * 1.5 = 0.12;
        // residuals -0.12, 0.36, -0.36, 0.12, RSS = 0.288, s^2 = 0.144;
        // SE(b) = sqrt(0.144/5) = 0.169705627..., SE(a) = sqrt(0.144 (1/4 + 2.25/5)) = sqrt(0.1008),
        // Cov(a, b) = -1.5 * 0.144/5 = -0.0432.
        LogLogFit.Line line = (LogLogFit.Line) LogLogFit.of(X, Y);
        assertEquals(1.02, line.slope().value(), 1e-14, "slope");
        assertEquals(Math.sqrt(0.0288), line.slope().standardError(), 1e-14, "SE(slope)");
        assertEquals(4, line.slope().effectiveSampleSize(), "ESS = points");
        assertEquals(0.12, line.intercept().value(), 1e-14, "intercept");
        assertEquals(Math.sqrt(0.1008), line.intercept().standardError(), 1e-14, "SE(intercept)");
        assertEquals(-0.0432, line.slopeInterceptCovariance(), 1e-15, "Cov(a, b)");
        assertEquals(Math.sqrt(0.144), line.residualStandardDeviation(), 1e-14, "s");
        assertTrue(Double.isNaN(line.reducedChiSquare()), "no chi^2 without point errors");
        assertFalse(line.weighted(), "OLS");
        // At x = e^1.5 (the centre) the line's error is s/sqrt(N) = sqrt(0.144/4).
        Estimate centre = line.logYAt(Math.exp(1.5));
        assertEquals(1.65, centre.value(), 1e-14, "line through the centroid");
        assertEquals(Math.sqrt(0.036), centre.standardError(), 1e-14, "SE of the line at the centroid");
    }

    @Test
    void unusablePointsAreDroppedAndCounted() {
        double[] x = {X[0], Double.NaN, X[1], 2.0, X[2], -1.0, X[3], Double.POSITIVE_INFINITY, 3.0};
        double[] y = {Y[0], 1.0, Y[1], 0.0, Y[2], 5.0, Y[3], 1.0, Double.NaN};
        LogLogFit fit = LogLogFit.of(x, y);
        assertEquals(4, fit.usablePoints(), "usable");
        assertEquals(5, fit.droppedPoints(), "NaN x, y = 0, x < 0, infinite x, NaN y");
        assertEquals(1.02, fit.fittedSlope().orElseThrow().value(), 1e-14, "the same line as without them");
    }

    @Test
    void tooFewPointsOrNoSpreadIsAnAnswerNotAnException() {
        LogLogFit two = LogLogFit.of(new double[] {1, 2, Double.NaN}, new double[] {1, 2, 3});
        assertFalse(two.isFitted(), "two usable points");
        assertEquals(LogLogFit.Reason.TOO_FEW_POINTS, ((LogLogFit.NotFitted) two).reason(), two.toString());
        assertEquals(2, two.usablePoints(), "counted");
        assertTrue(two.fittedSlope().isEmpty(), "no slope");
        LogLogFit empty = LogLogFit.of(new double[0], new double[0]);
        assertEquals(LogLogFit.Reason.TOO_FEW_POINTS, ((LogLogFit.NotFitted) empty).reason(), "empty input");
        LogLogFit flat = LogLogFit.of(new double[] {2, 2, 2, 2}, new double[] {1, 2, 3, 4});
        assertEquals(LogLogFit.Reason.NO_SPREAD_IN_X, ((LogLogFit.NotFitted) flat).reason(), flat.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogLogFit.of(new double[] {1, 2, 3}, new double[] {1, 2}));
        assertTrue(e.getMessage().startsWith("y has 2 entries"), e.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> LogLogFit.weighted(X, Y, new double[] {1}));
        assertTrue(w.getMessage().startsWith("yStandardErrors"), w.getMessage());
    }

    @Test
    void equalRelativeErrorsGiveExactlyTheOrdinaryFit() {
        double[] se = new double[4];
        for (int i = 0; i < 4; i++) {
            se[i] = 0.3 * Y[i];   // SE(log y) = 0.3 for every point
        }
        LogLogFit.Line w = (LogLogFit.Line) LogLogFit.weighted(X, Y, se);
        LogLogFit.Line o = (LogLogFit.Line) LogLogFit.of(X, Y);
        assertEquals(o.slope().value(), w.slope().value(), 1e-14, "slope");
        assertEquals(o.slope().standardError(), w.slope().standardError(), 1e-14, "SE(slope), relative weights");
        assertEquals(o.intercept().standardError(), w.intercept().standardError(), 1e-14, "SE(intercept)");
        // chi^2 = RSS/0.3^2 = 0.288/0.09 = 3.2 on 2 degrees of freedom.
        assertEquals(1.6, w.reducedChiSquare(), 1e-13, "reduced chi^2 with the stated errors");
        assertTrue(w.weighted(), "weighted");
    }

    @Test
    void weightedFitMatchesOrdinaryLeastSquaresOnTheRescaledDesign() {
        // Reference: WLS = OLS of sqrt(w) v on [sqrt(w), sqrt(w) u] without intercept (commons-math3),
        // whose standard errors use sigma^2 = sum w r^2/(N - 2): the relative-weight convention.
        Random random = new Random(3);
        int n = 9;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] se = new double[n];
        double[] target = new double[n];
        double[][] design = new double[n][2];
        for (int i = 0; i < n; i++) {
            double u = 0.5 * i;
            double sd = 0.05 + 0.1 * random.nextDouble();
            double v = 0.3 + 0.7 * u + sd * random.nextGaussian();
            x[i] = Math.exp(u);
            y[i] = Math.exp(v);
            se[i] = sd * y[i];
            double root = 1 / sd;
            target[i] = root * v;
            design[i][0] = root;
            design[i][1] = root * u;
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.setNoIntercept(true);
        ols.newSampleData(target, design);
        double[] beta = ols.estimateRegressionParameters();
        double[] errors = ols.estimateRegressionParametersStandardErrors();
        LogLogFit.Line line = (LogLogFit.Line) LogLogFit.weighted(x, y, se);
        assertEquals(beta[1], line.slope().value(), 1e-12, "slope");
        assertEquals(errors[1], line.slope().standardError(), 1e-12, "SE(slope)");
        assertEquals(beta[0], line.intercept().value(), 1e-12, "intercept");
        assertEquals(errors[0], line.intercept().standardError(), 1e-12, "SE(intercept)");
        assertEquals(ols.calculateResidualSumOfSquares() / (n - 2), line.reducedChiSquare(), 1e-12, "chi^2/(N-2)");
        LogLogFit dropped = LogLogFit.weighted(x, y, withEntry(se, 2, 0.0));
        assertEquals(n - 1, dropped.usablePoints(), "a zero standard error drops the point");
    }

    private static double[] withEntry(double[] a, int i, double value) {
        double[] b = a.clone();
        b[i] = value;
        return b;
    }

    @Test
    void standardErrorsAreCalibratedOverReplicates() {
        // 2000 replicate data sets, N = 12 points, true slope 0.5, heteroscedastic log-normal errors with
        // known SE(log y_i). Tolerances are 4 standard errors of the Monte Carlo estimates:
        //   mean slope:        SD(b)/sqrt(R);
        //   Var(b) (WLS):      equals 1/Suu_w (absolute errors); relative SE of a sample variance sqrt(2/R);
        //   mean chi^2/(N-2):  1, with SE sqrt(2/(N-2)/R);
        //   OLS on homoscedastic replicates (sd 0.1): mean(SE^2) = E[s^2]/Suu = Var(b) (s^2 is unbiased);
        //        relative SE sqrt(2/R + 2/((N-2) R)).
        Random random = new Random(20_24);
        int replicates = 2000;
        int n = 12;
        double[] u = new double[n];
        double[] sd = new double[n];
        double sw = 0;
        double swu = 0;
        for (int i = 0; i < n; i++) {
            u[i] = 0.4 * i;
            sd[i] = 0.05 * (1 + i % 3);
            sw += 1 / (sd[i] * sd[i]);
            swu += u[i] / (sd[i] * sd[i]);
        }
        double suuW = 0;
        for (int i = 0; i < n; i++) {
            suuW += (u[i] - swu / sw) * (u[i] - swu / sw) / (sd[i] * sd[i]);
        }
        double sumB = 0;
        double sumB2 = 0;
        double sumChi = 0;
        double sumOls = 0;
        double sumOls2 = 0;
        double sumHomo = 0;
        double sumHomo2 = 0;
        double sumHomoSe2 = 0;
        for (int r = 0; r < replicates; r++) {
            double[] x = new double[n];
            double[] y = new double[n];
            double[] se = new double[n];
            double[] homoscedastic = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = Math.exp(u[i]);
                y[i] = Math.exp(1 + 0.5 * u[i] + sd[i] * random.nextGaussian());
                se[i] = sd[i] * y[i];
                homoscedastic[i] = Math.exp(1 + 0.5 * u[i] + 0.1 * random.nextGaussian());
            }
            LogLogFit.Line w = (LogLogFit.Line) LogLogFit.weighted(x, y, se);
            sumB += w.slope().value();
            sumB2 += w.slope().value() * w.slope().value();
            sumChi += w.reducedChiSquare();
            LogLogFit.Line o = (LogLogFit.Line) LogLogFit.of(x, y);
            sumOls += o.slope().value();
            sumOls2 += o.slope().value() * o.slope().value();
            LogLogFit.Line h = (LogLogFit.Line) LogLogFit.of(x, homoscedastic);
            sumHomo += h.slope().value();
            sumHomo2 += h.slope().value() * h.slope().value();
            sumHomoSe2 += h.slope().standardError() * h.slope().standardError();
        }
        double meanB = sumB / replicates;
        double varB = sumB2 / replicates - meanB * meanB;
        double absolute = 1 / suuW;
        assertEquals(0.5, meanB, 4 * Math.sqrt(absolute / replicates), "WLS slope is unbiased");
        assertEquals(absolute, varB, 4 * Math.sqrt(2.0 / replicates) * absolute, "Var(b_WLS) = 1/Suu_w");
        assertEquals(1.0, sumChi / replicates, 4 * Math.sqrt(2.0 / (n - 2) / replicates), "mean reduced chi^2");
        double meanHomo = sumHomo / replicates;
        double varHomo = sumHomo2 / replicates - meanHomo * meanHomo;
        assertEquals(varHomo, sumHomoSe2 / replicates,
                4 * Math.sqrt(2.0 / replicates + 2.0 / ((n - 2) * replicates)) * varHomo, "OLS: mean SE^2 = Var(b)");
        double meanOls = sumOls / replicates;
        double varOls = sumOls2 / replicates - meanOls * meanOls;
        assertTrue(varB < varOls, "weighting helps when the errors differ: " + varB + " < " + varOls);
    }
}
