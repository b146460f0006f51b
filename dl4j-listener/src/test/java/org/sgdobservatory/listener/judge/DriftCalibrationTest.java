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
     * 4000 sets of 16 standard normal scores (seed 11). A set fails when 5 or more of its 16 scores lie beyond +-1.96
     * (P(Binomial(16, 0.05) >= 5) = 0.00086), so fails are Binomial(4000, 0.00086), mean 3.4, sd 1.85; at most 11 is
     * 4 sd. Sets with 2 or more beyond (p = 0.19 each): Binomial(4000, 0.189), mean 757, sd 24.8; within 4 sd (99).
     */
    @Test
    void stationaryScoresRarelyFail() {
        SplittableRandom random = new SplittableRandom(11);
        int fails = 0;
        int twoOrMore = 0;
        for (int s = 0; s < 4000; s++) {
            DriftCalibration.Result r = DriftCalibration.test(scores(random, 1)).orElseThrow();
            fails += r.fails() ? 1 : 0;
            twoOrMore += r.beyond() >= 2 ? 1 : 0;
        }
        assertTrue(fails <= 11, fails + " of 4000 stationary sets failed, expected 3.4 +- 1.85");
        assertEquals(757, twoOrMore, 99, "sets with 2 or more scores beyond 1.96: expected 757 +- 24.8");
    }

    /**
     * Scores 2.7 times as wide (the main job's SGD directions at seed 42): each lies beyond 1.96 with probability
     * 2 P(N > 1.96/2.7) = 0.468, and a set fails when 5 or more of 16 do: probability 0.935. 400 sets (seed 12) fail
     * in Binomial(400, 0.935) sets, mean 374, sd 4.9; at least 354 is 4 sd below.
     */
    @Test
    void widerScoresFail() {
        SplittableRandom random = new SplittableRandom(12);
        int fails = 0;
        for (int s = 0; s < 400; s++) {
            fails += DriftCalibration.test(scores(random, 2.7)).orElseThrow().fails() ? 1 : 0;
        }
        assertTrue(fails >= 354, fails + " of 400 sets of scores 2.7 times too wide failed, expected 374 +- 4.9");
    }

    /** One member drifting far (judged DRIFTING on its own) does not make the set fail. */
    @Test
    void oneFarDriftDoesNotFailTheSet() {
        double[] z = {-8, 0.5, -0.5, 1, -1, 0.3, 2.2, -0.1, 0.7, -1.2, 0.4, 0.9, -0.6, 1.5, -0.2, 0.8};
        DriftCalibration.Result r = DriftCalibration.test(z).orElseThrow();
        assertEquals(2, r.beyond());
        assertFalse(r.fails(), "p = " + r.pValue());
    }

    @Test
    void fewerThanEightFiniteScoresAreNotTested() {
        double[] z = {5, 5, 5, 5, 5, 5, 5, Double.NaN, Double.NaN};
        assertTrue(DriftCalibration.test(z).isEmpty(), "7 finite scores");
        double[] eight = {5, 5, 5, 5, 5, 5, 5, 5, Double.NaN};
        assertEquals(8, DriftCalibration.test(eight).orElseThrow().members(), "NaN left out");
        assertEquals(5, DriftCalibration.test(eight).orElseThrow().width(), 1e-12, "sqrt(mean z^2)");
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
        assertTrue(checked.explanation().contains("16 of 16 Geweke drift scores lie beyond +-1.96"),
                checked.explanation());
        assertTrue(checked.explanation().endsWith("without this check: directions: consistent"),
                checked.explanation());

        Judgement noSamples = new Judgement(Verdict.notJudged(NotJudgedReason.NO_SAMPLES), Coverage.NONE,
                Interval.NONE, "directions: nothing observed");
        assertSame(noSamples, DriftCalibration.check("directions", noSamples, wide));

        List<Compared> calm = new ArrayList<>();
        for (int i = 0; i < DIRECTIONS; i++) {
            calm.add(member(i % 2 == 0 ? 1.0 : -1.0));
        }
        assertSame(consistent, DriftCalibration.check("directions", consistent, calm), "none beyond 1.96");
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
