package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sgdobservatory.sim.stats.Estimate;

class RmsPropStationaryTableTest {

    private static final RmsPropStationaryTable TABLE = RmsPropStationaryTable.shipped();

    @Test
    void theShippedTableCarriesItsProvenanceAndPrecision() {
        for (String key : new String[] {"command", "seed", "chains", "sim-core", "generated", "validation",
            RmsPropStationaryTable.INTERPOLATION_ERROR_BOUND}) {
            assertTrue(TABLE.metadata().containsKey(key), "metadata has " + key + ": " + TABLE.metadata().keySet());
        }
        assertTrue(TABLE.maxNodeRelativeStandardError() <= 0.003, "every node's Monte Carlo SE <= 0.3%, max "
                + TABLE.maxNodeRelativeStandardError());
        assertTrue(TABLE.interpolationErrorBound() > 0 && TABLE.interpolationErrorBound() <= 0.01,
                "a measured interpolation bound: " + TABLE.interpolationErrorBound());
        double[] rho = TABLE.oneMinusRhoAxis();
        assertTrue(rho[0] <= 0.001 + 1e-12 && rho[rho.length - 1] >= 0.1 - 1e-12, "rho covers 0.9..0.999");
        assertTrue(TABLE.method().contains("table"), TABLE.method());
    }

    /** At a node the interpolation returns the node: {@code Var = (s2/h^2) R F}. */
    @ParameterizedTest(name = "k={0}, i={1}, j={2}")
    @CsvSource({"0, 1, 13", "3, 10, 7", "5, 20, 6", "6, 28, 12", "2, 0, 5"})
    void aNodeIsReturnedAsItIs(int k, int i, int j) {
        double f = TABLE.meanFieldAxis()[i];
        double p = TABLE.rootShareAxis()[j];
        double rho = 1 - TABLE.oneMinusRhoAxis()[k];
        double s2 = 0.04;
        double h = 3;
        double sigma = Math.sqrt(s2);
        // lr h/sigma = a(F, p), eps/sigma = e(F, p); F = 0 is approached with a tiny a.
        double a = f > 0 ? RmsPropScaling.scaledStepAt(f, p) : 1e-12;
        double e = RmsPropScaling.scaledEpsilonAt(f, p);
        double fAt = RmsPropScaling.meanFieldScaledVariance(a, e);
        RmsPropStationaryTable.Lookup lookup = TABLE.lookup(a * sigma / h, h, s2, rho, e * sigma);
        double expected = s2 / (h * h) * TABLE.nodeRatio(k, i, j) * fAt;
        assertEquals(expected, lookup.prediction().stationaryVariance().orElseThrow(), 1e-9 * expected,
                "node " + TABLE.nodeSource(k, i, j));
        assertEquals(TABLE.nodeRelativeStandardError(k, i, j), lookup.monteCarloRelativeError(), 1e-6,
                "the node's own Monte Carlo error");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "rho 0.8          | 0.01 | 1    | 0.01  | 0.8    | 1e-8 | 0    | 0    | UNSUPPORTED_OPTIMIZER  | 1 - rmsDecay",
        "rho 0.9999       | 0.01 | 1    | 0.01  | 0.9999 | 1e-8 | 0    | 0    | UNSUPPORTED_OPTIMIZER  | 1 - rmsDecay",
        "huge step        | 30   | 10   | 0.01  | 0.95   | 1e-8 | 0    | 0    | UNSUPPORTED_OPTIMIZER  | mean-field variance",
        "untabulated      | 2.8  | 1    | 1e-4  | 0.95   | 1.357| 0    | 0    | UNSUPPORTED_OPTIMIZER  | untabulated",
        "weight decay     | 0.01 | 1    | 0.01  | 0.95   | 1e-8 | 0    | 1e-4 | UNSUPPORTED_OPTIMIZER  | weight decay",
        "L1               | 0.01 | 1    | 0.01  | 0.95   | 1e-8 | 1e-3 | 0    | UNSUPPORTED_OPTIMIZER  | L1",
        "no curvature     | 0.01 | 0    | 0.01  | 0.95   | 1e-8 | 0    | 0    | NON_POSITIVE_CURVATURE | curvature",
        "no noise         | 0.01 | 1    | 0     | 0.95   | 1e-8 | 0    | 0    | INVALID_INPUT          | noise variance",
        "NaN rate         | NaN  | 1    | 0.01  | 0.95   | 1e-8 | 0    | 0    | INVALID_INPUT          | learning rate",
        "negative epsilon | 0.01 | 1    | 0.01  | 0.95   | -1   | 0    | 0    | INVALID_INPUT          | epsilon",
        "rho 1            | 0.01 | 1    | 0.01  | 1      | 1e-8 | 0    | 0    | INVALID_INPUT          | rmsDecay",
    })
    void outsideTheTableIsAReason(String name, double lr, double h, double s2, double rho, double eps, double l1,
            double weightDecay, Prediction.Reason reason, String mentioned) {
        RmsPropStationaryTable.Lookup lookup = TABLE.lookup(lr, h, s2, rho, eps, l1, weightDecay);
        Prediction.NotApplicable na = assertInstanceOf(Prediction.NotApplicable.class, lookup.prediction(), name);
        assertEquals(reason, na.reason(), na.explanation());
        assertTrue(na.explanation().contains(mentioned), "explanation names " + mentioned + ": " + na.explanation());
        assertTrue(Double.isNaN(lookup.relativeStandardError()) && lookup.estimate().isEmpty(), "no error, no estimate");
    }

    /** L2 is part of the curvature: the table answers with {@code h + l2}, with L1 and weight decay zero. */
    @Test
    void l2IsCoveredThroughTheCurvature() {
        double h = 0.7;
        double l2 = 0.3;
        Prediction withL2 = TABLE.lookup(0.01, h + l2, 0.01, 0.95, 1e-8, 0, 0).prediction();
        assertEquals(TABLE.predict(0.01, 1.0, 0.01, 0.95, 1e-8), withL2, "h + l2 = 1");
    }

    /**
     * (d) Epsilon dominating: RMSProp is SGD with rate {@code lr/eps}, whose variance {@code eta s2/(h(2 - eta h))}
     * is exact in the limit. At finite {@code eps/sigma} RMSProp's rate is {@code lr/(sqrt(v) + eps)}: the mean field
     * is below SGD's by {@code (2/(2 - eta h)) sigma/eps} relative ({@code d ln F/d ln E = 2/(2 - E)}), 8e-4 at
     * {@code eta h = 1.5} and {@code eps/sigma = 10^4}; at {@code eps/sigma = 10^6}, used here, at most 8e-6, and the
     * table's ratio is within {@code O(1 - rho) sigma/eps} of 1 (interpolated toward the exact {@code p = 0}
     * nodes). Tolerance 1e-4.
     */
    @ParameterizedTest(name = "eta h={0}")
    @CsvSource({"0.01", "0.5", "1.5"})
    void largeEpsilonIsSgdWithRateLrOverEpsilon(double etaH) {
        double eps = 1.0;
        double s2 = 1e-12;     // sigma = 1e-6, eps/sigma = 1e6
        double h = 2;
        double lr = etaH * eps / h;
        double sgd = SgdQuadratic1D.of(lr / eps, h, s2).stationaryVariance();
        double table = TABLE.predict(lr, h, s2, 0.95, eps).stationaryVariance().orElseThrow();
        assertEquals(sgd, table, 1e-4 * sgd, "table vs SGD at lr/eps");
    }

    /**
     * (d) Small steps: below the first simulated node ({@code F = 10^-3}) the table interpolates linearly in
     * {@code F} toward the limit row; as {@code lr h/sigma -> 0} its answer is {@code c0(rho, e)} times the mean
     * field {@code lr sigma/(2 h (1 + eps/sigma))}, i.e. about 2% under RmsPropMeanField at the default
     * {@code rho = 0.95} (the mean field is not the small-step limit).
     */
    @Test
    void smallStepsTendToTheLimitRowTimesTheMeanField() {
        double lr = 1e-7;
        double h = 1;
        double s2 = 0.01;
        double meanField = RmsPropMeanField.of(lr, h, s2).withEpsilon(1e-8).meanFieldVariance();
        RmsPropStationaryTable.Lookup lookup = TABLE.lookup(lr, h, s2, 0.95, 1e-8);
        int k = 0;
        while (Math.abs(TABLE.oneMinusRhoAxis()[k] - 0.05) > 1e-12) {
            k++;
        }
        double c0 = TABLE.nodeRatio(k, 0, TABLE.rootShareAxis().length - 1);
        assertEquals(RmsPropStationaryTable.Source.SMALL_STEP_LIMIT, TABLE.nodeSource(k, 0, TABLE.rootShareAxis().length - 1),
                "the F = 0 row");
        assertEquals(c0 * meanField, lookup.prediction().stationaryVariance().orElseThrow(), 1e-5 * meanField,
                "c0 x mean field at lr h/sigma = 1e-6");
        assertEquals(lr * Math.sqrt(s2) / (2 * h), meanField, 1e-5 * meanField, "mean field -> lr sigma/(2h)");
        assertTrue(c0 > 0.97 && c0 < 0.99, "c0(0.95, 0) about 0.984: " + c0);
    }

    @Test
    void anAnswerCarriesItsUncertainty() {
        RmsPropStationaryTable.Lookup lookup = TABLE.lookup(0.01, 1.3, 0.02, 0.95, 1e-8);
        Estimate estimate = lookup.estimate().orElseThrow();
        double rel = lookup.relativeStandardError();
        assertEquals(Math.hypot(lookup.monteCarloRelativeError(), lookup.interpolationErrorBound() / 2), rel, 1e-15,
                "sqrt(mc^2 + (bound/2)^2)");
        assertEquals(estimate.value() * rel, estimate.standardError(), 1e-15 * estimate.value(), "SE = value x rel");
        assertEquals(2 / (rel * rel), estimate.effectiveSampleSize(), 1e-9 * estimate.effectiveSampleSize(), "ESS");
        assertTrue(lookup.monteCarloRelativeError() <= TABLE.maxNodeRelativeStandardError(),
                "interpolated Monte Carlo error <= the worst node's");
    }

    /**
     * The elasticities {@code d ln Var/d ln h} and {@code d ln Var/d ln sigma^2} of an answer are the derivatives of
     * the lookup itself: central differences of relative step 1e-4 agree to 1e-3 at random points (drawn as in the
     * table's validation: {@code 1 - rho} log-uniform, {@code F} log-uniform over the grid, {@code p} uniform) whose
     * difference stencil stays inside one cell (the interpolant is piecewise smooth; across a cell face its slope
     * jumps). The difference error is {@code O(step^2)} times the curvature of {@code ln F}, far below 1e-3; the
     * interpolant along {@code 1 - rho} does not depend on {@code h} or {@code sigma}. The limits {@code -1, 1/2}
     * (small steps) and {@code 0, 0} (large steps) are checked too.
     */
    @Test
    void elasticitiesAreTheLookupsDerivatives() {
        SplittableRandom random = new SplittableRandom(41);
        int checked = 0;
        for (int n = 0; n < 400 && checked < 100; n++) {
            double rho = 1 - Math.pow(10, -3 + 2 * random.nextDouble());
            double f = Math.pow(10, -3 + 7 * random.nextDouble());
            double p = 0.02 + 0.98 * random.nextDouble();
            double h = 2;
            double s2 = 0.01;
            double sigma = Math.sqrt(s2);
            double lr = RmsPropScaling.scaledStepAt(f, p) * sigma / h;
            double eps = RmsPropScaling.scaledEpsilonAt(f, p) * sigma;
            RmsPropStationaryTable.Lookup at = TABLE.lookup(lr, h, s2, rho, eps);
            if (!at.prediction().isApplicable() || Double.isNaN(at.curvatureElasticity())) {
                continue;
            }
            double step = 1e-4;
            double[] byH = {variance(lr, h * (1 + step), s2, rho, eps), variance(lr, h / (1 + step), s2, rho, eps)};
            double[] byS = {variance(lr, h, s2 * (1 + step), rho, eps), variance(lr, h, s2 / (1 + step), rho, eps)};
            if (!sameCell(lr, h, s2, rho, eps, step)) {
                continue;
            }
            double dh = Math.log(byH[0] / byH[1]) / (2 * Math.log(1 + step));
            double ds = Math.log(byS[0] / byS[1]) / (2 * Math.log(1 + step));
            String where = String.format(Locale.ROOT, "F = %.4g, p = %.3f, rho = %.4f", f, p, rho);
            assertEquals(dh, at.curvatureElasticity(), 1e-3, "d ln Var/d ln h at " + where);
            assertEquals(ds, at.noiseElasticity(), 1e-3, "d ln Var/d ln sigma^2 at " + where);
            checked++;
        }
        assertTrue(checked >= 50, "enough interior points: " + checked);
        RmsPropStationaryTable.Lookup small = TABLE.lookup(1e-7, 1, 0.01, 0.95, 1e-8);
        assertEquals(-1, small.curvatureElasticity(), 1e-3, "small steps: Var ~ lr sigma/(2h)");
        assertEquals(0.5, small.noiseElasticity(), 1e-3, "small steps: Var ~ lr sigma/(2h)");
        RmsPropStationaryTable.Lookup large = TABLE.lookup(10, 1, 0.01, 0.95, 1e-8);   // a = 100, F ~ 2500
        assertEquals(0, large.curvatureElasticity(), 0.05, "large steps: Var ~ lr^2/4");
        assertEquals(0, large.noiseElasticity(), 0.05, "large steps: Var ~ lr^2/4");
    }

    private static double variance(double lr, double h, double s2, double rho, double eps) {
        return TABLE.lookup(lr, h, s2, rho, eps).prediction().stationaryVariance().orElse(Double.NaN);
    }

    /** Whether the stencil's four points interpolate in the same {@code (F, p)} cell as the centre. */
    private static boolean sameCell(double lr, double h, double s2, double rho, double eps, double step) {
        int[] centre = cellOf(lr, h, s2, eps);
        double[][] points = {{h * (1 + step), s2}, {h / (1 + step), s2}, {h, s2 * (1 + step)}, {h, s2 / (1 + step)}};
        for (double[] q : points) {
            if (!java.util.Arrays.equals(centre, cellOf(lr, q[0], q[1], eps))) {
                return false;
            }
        }
        return true;
    }

    private static int[] cellOf(double lr, double h, double s2, double eps) {
        double a = RmsPropScaling.scaledStep(lr, h, s2);
        double e = RmsPropScaling.scaledEpsilon(eps, s2);
        double f = RmsPropScaling.meanFieldScaledVariance(a, e);
        double p = RmsPropScaling.rootShare(f, e);
        return new int[] {cellIndex(TABLE.meanFieldAxis(), f), cellIndex(TABLE.rootShareAxis(), p)};
    }

    private static int cellIndex(double[] axis, double x) {
        int c = 0;
        while (c < axis.length - 2 && x >= axis[c + 1]) {
            c++;
        }
        return c;
    }

    @Test
    void writtenAndReadBackItIsTheSameTable() {
        StringWriter text = new StringWriter();
        TABLE.write(text);
        RmsPropStationaryTable back = RmsPropStationaryTable.read(new StringReader(text.toString()));
        assertEquals(TABLE.metadata(), back.metadata(), "metadata");
        SplittableRandom random = new SplittableRandom(3);
        for (int n = 0; n < 200; n++) {
            double lr = Math.pow(10, -4 + 4 * random.nextDouble());
            double rho = 1 - Math.pow(10, -3 + 2 * random.nextDouble());
            assertEquals(TABLE.lookup(lr, 1, 0.01, rho, 1e-8), back.lookup(lr, 1, 0.01, rho, 1e-8),
                    "lookup at lr = " + lr + ", rho = " + rho);
        }
    }

    @Test
    void aBrokenFileNamesTheLine() {
        String text = "format rmsprop-stationary-table 1\naxis one-minus-rho 0.1 0.2\naxis meanfield-variance 0 1\n"
                + "axis root-share 0 1\nnode 0 0 0 x1 0 SIMULATED\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RmsPropStationaryTable.read(new StringReader(text)));
        assertTrue(e.getMessage().contains("line 5"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> RmsPropStationaryTable.read(new StringReader(text.replace("x1", "1"))));
        assertTrue(missing.getMessage().contains("is not set"), missing.getMessage());
    }

    /**
     * Speed: a million lookups over a realistic spread of inputs (a few hundred nanoseconds each on this project's
     * machines; the benchmark measures it against the group simulation). The bound only catches an accidental
     * slow path (a bisection, a per-call allocation of the grid).
     */
    @Test
    void aMillionLookupsTakeWellUnderTwoSeconds() {
        int n = 1_000_000;
        double[] lr = new double[n];
        double[] h = new double[n];
        double[] s2 = new double[n];
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < n; i++) {
            lr[i] = 0.01;
            h[i] = Math.pow(10, -2 + 3 * random.nextDouble());
            s2[i] = Math.pow(10, -6 + 4 * random.nextDouble());
        }
        double sum = 0;
        for (int i = 0; i < 100_000; i++) {   // warm-up
            sum += TABLE.lookup(lr[i], h[i], s2[i], 0.95, 1e-8).relativeStandardError();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sum += TABLE.lookup(lr[i], h[i], s2[i], 0.95, 1e-8).relativeStandardError();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "10^6 table lookups: %.3f s (checksum %.3g)%n", seconds, sum);
        assertFalse(Double.isNaN(sum), "every lookup answered");
        assertTrue(seconds < 2, "10^6 lookups took " + seconds + " s");
    }
}
