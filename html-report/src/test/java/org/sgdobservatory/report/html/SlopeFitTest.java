package org.sgdobservatory.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SlopeFitTest {

    @Test
    void exactLineHasZeroStandardError() {
        SlopeFit f = SlopeFit.of(List.of(0.0, 1.0, 2.0, 3.0), List.of(1.0, 3.0, 5.0, 7.0)).orElseThrow();
        assertEquals(2.0, f.slope(), 1e-12, "slope of y = 1 + 2x");
        assertEquals(1.0, f.intercept(), 1e-12, "intercept of y = 1 + 2x");
        assertEquals(0.0, f.standardError(), 1e-12, "no residuals");
        assertEquals(4, f.points(), "points");
    }

    @Test
    void standardErrorMatchesTheClosedForm() {
        // x = 0,1,2,3; y = 0,2,1,3: Sxx = 5, Sxy = 4 -> slope 0.8, intercept 0.3; residuals -0.3, 0.9, -0.9, 0.3
        // -> RSS = 1.8, s^2 = RSS/(n-2) = 0.9, SE = sqrt(0.9/5) = 0.424264...
        SlopeFit f = SlopeFit.of(List.of(0.0, 1.0, 2.0, 3.0), List.of(0.0, 2.0, 1.0, 3.0)).orElseThrow();
        assertEquals(0.8, f.slope(), 1e-12, "slope Sxy/Sxx");
        assertEquals(0.3, f.intercept(), 1e-12, "intercept");
        assertEquals(Math.sqrt(0.9 / 5), f.standardError(), 1e-12, "SE = sqrt(s^2/Sxx)");
    }

    @Test
    void tooFewPointsOrNoSpreadGiveNoFit() {
        assertTrue(SlopeFit.of(List.of(1.0, 2.0), List.of(1.0, 2.0)).isEmpty(), "two points");
        assertTrue(SlopeFit.of(List.of(1.0, 1.0, 1.0), List.of(1.0, 2.0, 3.0)).isEmpty(), "no spread in x");
    }

    @Test
    void mismatchedLengthsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlopeFit.of(List.of(1.0, 2.0, 3.0), List.of(1.0)));
        assertTrue(e.getMessage().contains("xs has 3") && e.getMessage().contains("ys has 1"), e.getMessage());
    }
}
