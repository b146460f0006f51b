package org.sgdobservatory.listener.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.sgdobservatory.report.model.Compared;
import org.sgdobservatory.report.model.Coverage;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.PredictionReport;
import org.sgdobservatory.report.model.Verdict;

/**
 * The directions' drift calibration ({@code docs/verdicts.md#drift-calibration}): its false-alarm rate on the scores of
 * stationary traces, its power on scores as wide as the main job's SGD directions', and what it does to a verdict.
 */
class DriftCalibrationTest {

    private static final int DIRECTIONS = 16;

    /**
     * 4000 sets of 16 standard normal scores (seed 11). Fails: Binomial(4000, 0.001), mean 4, sd 2; at most 12 is 4 sd
     * (P(X >= 13) ~ 1e-3 for Poisson(4)). The p-values are uniform: below 0.05 in Binomial(4000, 0.05) sets, mean 200,
     * sd 13.8; within 4 sd (55) of it.
     */
    @Test
    void stationaryScoresRarelyFail() {
        SplittableRandom random = new SplittableRandom(11);
        int fails = 0;
        int below5 = 0;
        for (int s = 0; s < 4000; s++) {
            DriftCalibration.Result r = DriftCalibration.test(scores(random, 1)).orElseThrow();
            fails += r.fails() ? 1 : 0;
            below5 += r.pValue() < 0.05 ? 1 : 0;
        }
        assertTrue(fails <= 12, fails + " of 4000 stationary sets failed, expected 4 +- 2");
        assertEquals(200, below5, 55, "p-values below 0.05: expected 200 +- 13.8");
    }

    /**
     * Scores 2.7 times as wide (the main job's SGD directions at seed 42): {@code S = 7.29 chi^2_16} against the
     * 0.999 quantile 39.25 fails unless {@code chi^2_16 < 5.38}, probability 0.0065; 400 sets (seed 12) fail in
     * Binomial(400, 0.9935) sets, mean 397.4, sd 1.6; at least 390 is 4.6 sd below.
     */
    @Test
    void widerScoresFail() {
        SplittableRandom random = new SplittableRandom(12);
        int fails = 0;
        for (int s = 0; s < 400; s++) {
            fails += DriftCalibration.test(scores(random, 2.7)).orElseThrow().fails() ? 1 : 0;
        }
        assertTrue(fails >= 390, fails + " of 400 sets of scores 2.7 times too wide failed, expected 397 +- 1.6");
    }

    @Test
    void fewerThanEightFiniteScoresAreNotTested() {
        double[] z = {5, 5, 5, 5, 5, 5, 5, Double.NaN, Double.NaN};
        assertTrue(DriftCalibration.test(z).isEmpty(), "7 finite scores");
        double[] eight = {5, 5, 5, 5, 5, 5, 5, 5, Double.NaN};
        assertEquals(8, DriftCalibration.test(eight).orElseThrow().members(), "NaN left out");
        assertEquals(5, DriftCalibration.test(eight).orElseThrow().width(), 1e-12, "sqrt(S / n)");
    }

    /** A failing set's verdict becomes not judged with the numbers; a set not judged for want of samples keeps it. */
    @Test
    void aFailingSetIsNotJudgedUnlessItsVerdictDoesNotRestOnIntervals() {
        List<Compared> wide = new ArrayList<>();
        for (int i = 0; i < DIRECTIONS; i++) {
            wide.add(member(i % 2 == 0 ? 4.0 : -4.0));
        }
        Judgement consistent = new Judgement(Verdict.consistent(), Coverage.NONE, Interval.NONE,
                "directions: consistent");
        Judgement checked = DriftCalibration.check("directions", consistent, wide);
        assertEquals(Verdict.notJudged(NotJudgedReason.AUTOCORRELATION_UNRESOLVED), checked.verdict());
        assertTrue(checked.explanation().contains("sum of Geweke z^2 = 256 over 16"), checked.explanation());
        assertTrue(checked.explanation().endsWith("without this check: directions: consistent"),
                checked.explanation());

        Judgement noSamples = new Judgement(Verdict.notJudged(NotJudgedReason.NO_SAMPLES), Coverage.NONE,
                Interval.NONE, "directions: nothing observed");
        assertSame(noSamples, DriftCalibration.check("directions", noSamples, wide));

        List<Compared> calm = new ArrayList<>();
        for (int i = 0; i < DIRECTIONS; i++) {
            calm.add(member(i % 2 == 0 ? 1.0 : -1.0));
        }
        assertSame(consistent, DriftCalibration.check("directions", consistent, calm), "S = 16 on 16: p = 0.45");
        assertFalse(DriftCalibration.test(new double[] {1, -1, 1, -1, 1, -1, 1, -1}).orElseThrow().fails());
    }

    private static double[] scores(SplittableRandom random, double width) {
        double[] z = new double[DIRECTIONS];
        for (int i = 0; i < z.length; i++) {
            z[i] = width * gaussian(random);
        }
        return z;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller, one of the pair
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static Compared member(double z) {
        return new Compared() {
            @Override
            public ParameterReport.Observed observed() {
                throw new UnsupportedOperationException();
            }

            @Override
            public PredictionReport prediction() {
                throw new UnsupportedOperationException();
            }

            @Override
            public ParameterReport.Comparison comparison() {
                throw new UnsupportedOperationException();
            }

            @Override
            public ParameterReport.Drift drift() {
                return new ParameterReport.Drift(1.0, z, Math.abs(z) > TraceEstimates.DRIFT_Z);
            }

            @Override
            public Verdict verdict() {
                return Verdict.consistent();
            }
        };
    }
}
