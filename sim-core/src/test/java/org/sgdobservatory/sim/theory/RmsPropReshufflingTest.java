package org.sgdobservatory.sim.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RmsPropReshufflingTest {

    private static final RmsPropReshuffling CORRECTION = RmsPropReshuffling.shipped();
    private static final RmsPropStationaryTable TABLE = RmsPropStationaryTable.shipped();

    /** At a grid node the answer is the i.i.d. table value times SGD's factor times the node's correction. */
    @ParameterizedTest(name = "iK={0}, ia={1}")
    @CsvSource({"0, 0", "4, 6", "10, 12", "6, 3"})
    void aNodeIsTableTimesFactorTimesCorrection(int iK, int ia) {
        int k = (int) CORRECTION.batchesPerEpochAxis()[iK];
        double a = CORRECTION.scaledStepAxis()[ia];
        double sigma = 0.1;
        double h = 2;
        double lr = a * sigma / h;   // lr h/sigma = a
        double iid = TABLE.predict(lr, h, sigma * sigma, 0.95, 1e-8).stationaryVariance().orElseThrow();
        double factor = RmsPropReshuffling.sgdFactor(lr, h, sigma * sigma, 1e-8, k, 32);
        RmsPropStationaryTable.Lookup lookup = CORRECTION.lookup(lr, h, sigma * sigma, 0.95, 1e-8, k, 32);
        double expected = iid * factor * CORRECTION.nodeCorrection(iK, ia);
        assertEquals(expected, lookup.prediction().stationaryVariance().orElseThrow(), 1e-9 * expected,
                lookup.prediction().toString());
        assertTrue(lookup.relativeStandardError() >= TABLE.lookup(lr, h, sigma * sigma, 0.95, 1e-8)
                .relativeStandardError(), "the correction adds its own error");
    }

    /**
     * SGD's factor at the mean-field rate is what the listener computes: {@code Resh(eta, h, s2_wr, K)/Sgd(eta, h,
     * s2)} with {@code eta = lr/(sqrt(s2 + h^2 V_mf) + eps)}, {@code s2_wr = s2 (n - B)/(n - 1)}.
     */
    @ParameterizedTest(name = "lr={0}, K={1}")
    @CsvSource({"0.001, 20", "0.005, 8", "0.1, 2"})
    void theFactorIsSgdsAtTheMeanFieldRate(double lr, int k) {
        double h = 2;
        double s2 = 0.02;
        int b = 50;
        double rate = RmsPropMeanField.of(lr, h, s2).withEpsilon(1e-8).meanFieldLearningRate();
        double wr = ReshufflingQuadratic1D.withoutReplacementBatchVariance(s2 * b, k * b, b);
        double expected = ReshufflingQuadratic1D.of(rate, h, wr, k).stationarySpread()
                / SgdQuadratic1D.of(rate, h, s2).stationaryVariance();
        assertEquals(expected, RmsPropReshuffling.sgdFactor(lr, h, s2, 1e-8, k, b), 1e-9 * expected, "A");
    }

    /**
     * The reshuffled answer's elasticities are its derivatives: central differences of the lookup (relative step
     * 1e-4) agree to 2e-3 at points inside a cell of both the correction and the i.i.d. table (the interpolants are
     * piecewise smooth; the factor's own derivative is a difference of step 1e-4 in {@code eta h}, error
     * {@code O(10^-8)}).
     */
    @ParameterizedTest(name = "lr={0}, K={1}, B={2}")
    @CsvSource({"0.0013, 5, 16", "0.004, 11, 32", "0.02, 20, 8", "0.09, 40, 50", "0.2, 3, 16"})
    void elasticitiesAreTheLookupsDerivatives(double lr, int k, int b) {
        double h = 2;
        double s2 = 0.02;
        RmsPropStationaryTable.Lookup at = CORRECTION.lookup(lr, h, s2, 0.95, 1e-8, k, b);
        double step = 1e-4;
        double dh = Math.log(variance(lr, h * (1 + step), s2, k, b) / variance(lr, h / (1 + step), s2, k, b))
                / (2 * Math.log1p(step));
        double ds = Math.log(variance(lr, h, s2 * (1 + step), k, b) / variance(lr, h, s2 / (1 + step), k, b))
                / (2 * Math.log1p(step));
        assertEquals(dh, at.curvatureElasticity(), 2e-3, "d ln Var/d ln h");
        assertEquals(ds, at.noiseElasticity(), 2e-3, "d ln Var/d ln s2");
    }

    private static double variance(double lr, double h, double s2, int k, int b) {
        return CORRECTION.lookup(lr, h, s2, 0.95, 1e-8, k, b).prediction().stationaryVariance().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "other decay     | 0.01  | 0.9  | 1e-8 | 8   | 32 | rmsDecay",
        "large epsilon   | 0.01  | 0.95 | 0.1  | 8   | 32 | eps/sigma",
        "small batch     | 0.01  | 0.95 | 1e-8 | 8   | 4  | batch size",
        "long epoch      | 0.01  | 0.95 | 1e-8 | 100 | 32 | outside the correction's grid",
        "tiny step       | 1e-6  | 0.95 | 1e-8 | 8   | 32 | outside the correction's grid",
    })
    void outsideTheMeasuredRangeIsAReason(String name, double lr, double rho, double eps, int k, int b,
            String mentioned) {
        RmsPropStationaryTable.Lookup lookup = CORRECTION.lookup(lr, 1, 0.01, rho, eps, k, b);
        Prediction.NotApplicable na = assertInstanceOf(Prediction.NotApplicable.class, lookup.prediction(), name);
        assertTrue(na.explanation().contains(mentioned), na.explanation());
    }
}
