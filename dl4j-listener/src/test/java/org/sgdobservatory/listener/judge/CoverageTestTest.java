package org.sgdobservatory.listener.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.sgdobservatory.report.model.Coverage;
import org.sgdobservatory.report.model.Interval;

/** The coverage statistics against closed forms, and the median's interval by its own coverage. */
class CoverageTestTest {

    /** Wilson's interval for 19 of 20: centre (p + z^2/2n)/(1 + z^2/n), half-width z sqrt(p q/n + z^2/4n^2)/(...). */
    @Test
    void wilsonIntervalMatchesItsClosedForm() {
        Coverage c = CoverageTest.coverage(20, 19);
        double z = 1.959964;
        double d = 1 + z * z / 20;
        double centre = (0.95 + z * z / 40) / d;
        double half = z * Math.sqrt(0.95 * 0.05 / 20 + z * z / 1600) / d;
        assertEquals(centre - half, c.low95(), 1e-12);
        assertEquals(centre + half, c.high95(), 1e-12);
        // the textbook value for 19/20: 0.7639 to 0.9911
        assertEquals(0.7639, c.low95(), 1e-4);
        assertEquals(0.9911, c.high95(), 1e-4);
    }

    /**
     * P(Bin(5, 0.95) <= 2) = 1 - 0.95^5 - 5 0.95^4 0.05 - 10 0.95^3 0.05^2 = 0.00116 rejects at 1%;
     * P(<= 3) = 0.0226 does not.
     */
    @Test
    void binomialTestMatchesItsClosedForm() {
        double q = 0.05;
        double p = 0.95;
        double atMostTwo = 1 - Math.pow(p, 5) - 5 * Math.pow(p, 4) * q - 10 * Math.pow(p, 3) * q * q;
        assertEquals(atMostTwo, CoverageTest.pValue(5, 2), 1e-12);
        assertTrue(CoverageTest.rejects(5, 2));
        assertFalse(CoverageTest.rejects(5, 3));
        assertEquals(1, CoverageTest.pValue(0, 0));
    }

    /**
     * Nine values: the rank is l = 2 (P(Bin(9, 1/2) < 2) = 10/512 = 0.0195), so the interval is the 2nd to the 8th
     * value and covers the population median with probability 1 - 2 x 0.0195 = 0.961. Over 4000 seeded samples of
     * nine log-normal ratios with median 1 the fraction covering has sd sqrt(0.961 x 0.039 / 4000) = 0.0031; it is
     * accepted within 3.3 sd of 0.961.
     */
    @Test
    void medianIntervalCoversAtItsExactRate() {
        SplittableRandom rnd = new SplittableRandom(3);
        int covered = 0;
        int draws = 4000;
        for (int d = 0; d < draws; d++) {
            double[] v = new double[9];
            for (int i = 0; i < 9; i++) {
                v[i] = Math.exp(0.2 * rnd.nextGaussian());
            }
            covered += CoverageTest.median(v).contains(1) ? 1 : 0;
        }
        double exact = 1 - 2 * 10 / 512.0;
        assertEquals(exact, covered / (double) draws, 3.3 * Math.sqrt(exact * (1 - exact) / draws));
        Interval i = CoverageTest.median(new double[] {9, 1, 8, 2, 7, 3, 6, 4, 5});
        assertEquals(5, i.value());
        assertEquals(2, i.low95());
        assertEquals(8, i.high95());
    }

    @Test
    void aCommonScaleIsNamedOnlyWhenTheMedianIntervalExcludesOne() {
        assertEquals("", GroupJudge.commonScale(new Interval(1.1, 0.05, 0.98, 1.2)));
        assertEquals("", GroupJudge.commonScale(Interval.NONE));
        String above = GroupJudge.commonScale(new Interval(1.19, 0.03, 1.12, 1.25));
        assertTrue(above.contains("1.12-1.25 excludes 1") && above.contains("above the prediction by about 19%"),
                above);
        assertTrue(GroupJudge.commonScale(new Interval(0.8, 0.03, 0.7, 0.9)).contains("below"));
    }
}
