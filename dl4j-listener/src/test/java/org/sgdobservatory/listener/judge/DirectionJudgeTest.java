package org.sgdobservatory.listener.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sgdobservatory.report.model.AutocorrelationMethod;
import org.sgdobservatory.report.model.CloseUpReport;
import org.sgdobservatory.report.model.DirectionReport;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.Measurement;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.PredictionMethod;
import org.sgdobservatory.report.model.PredictionReport;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.report.model.VerdictState;

/** The directions' joint judgement after drift calibration, on hand-made rows. */
class DirectionJudgeTest {

    /**
     * A direction with a consistent verdict, measured as {@code estimator} says, with Geweke score {@code z} (below
     * the 3.29 that flags one trace as drifting) and a fluctuation-dissipation ratio of 1.
     */
    private static DirectionReport row(int k, DirectionReport.Estimator estimator, double z) {
        Interval ratio = new Interval(1.0, 0.1, 0.8, 1.2);
        DirectionReport.Spread spread = estimator == DirectionReport.Estimator.WITHIN_BLOCKS
                ? new DirectionReport.Spread(estimator, 1.02, 0.02, 128, 40, 1.05, 0.1)
                : DirectionReport.Spread.wholeWindow(estimator, 1.0);
        return new DirectionReport(k, new DirectionReport.Spectrum(new Measurement(1, 0.01), 1e-9, true, 0.1),
                new ParameterReport.Observed(0, new Interval(1, 0.1, 0.8, 1.2), 20, 20, 300,
                        AutocorrelationMethod.BATCH_MEANS, Double.NaN), spread, new Measurement(1, 0.05),
                new PredictionReport(Optional.empty(), new Measurement(1, 0.03), 1, Double.NaN,
                        PredictionMethod.CLOSED_FORM, "test"), new ParameterReport.Comparison(ratio, 1, 1),
                new ParameterReport.Drift(1.0, z, false), Verdict.consistent(),
                new CloseUpReport.Histogram(-1, 1, List.of(1L, 2L, 1L)));
    }

    /**
     * A momentum run: every direction over the whole window, 8 of 16 drift scores at +-2.5 (binomial p ~ 1e-6 for
     * 8 beyond 1.96 at 5%): each judged direction is withheld, and the set is not judged for the calibration's reason,
     * not for a window too short (its directions' autocorrelation was measured; the calibration found it too short
     * for their centres).
     */
    @Test
    void calibrationWithholdingEveryDirectionIsTheSetsReason() {
        List<DirectionReport> rows = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            rows.add(row(k, DirectionReport.Estimator.WHOLE_WINDOW_WITH_MOMENTUM, k < 8 ? (k % 2 == 0 ? 2.5 : -2.5)
                    : 0.3));
        }
        DirectionJudge.Judged judged = DirectionJudge.Judged.of(rows, true);
        assertTrue(judged.directions().stream().noneMatch(d -> d.verdict().judged()), "every direction withheld");
        assertEquals(Verdict.notJudged(NotJudgedReason.AUTOCORRELATION_UNRESOLVED), judged.judgement().verdict(),
                judged.judgement().explanation());
        assertTrue(judged.judgement().explanation().contains("16 of the 16 directions measured over the whole window"
                + " are not judged"), judged.judgement().explanation());
    }

    /** The same scores, calibrated: nothing is withheld and the 16 consistent directions make a consistent set. */
    @Test
    void calibratedScoresLeaveTheVerdicts() {
        List<DirectionReport> rows = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            rows.add(row(k, DirectionReport.Estimator.WHOLE_WINDOW_WITH_MOMENTUM, k == 0 ? 2.5 : 0.3));
        }
        DirectionJudge.Judged judged = DirectionJudge.Judged.of(rows, true);
        assertEquals(VerdictState.CONSISTENT, judged.judgement().verdict().state(), judged.judgement().explanation());
    }

    /**
     * Within-block directions keep their verdicts when the whole-window ones are withheld, and settling counts the
     * directions it was taken over: 2 of the 9 within-block ones flagged drifting read "2 of 9", not "of 16".
     */
    @Test
    void settlingCountsTheDirectionsItWasTakenOver() {
        List<DirectionReport> rows = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            DirectionReport r = row(k, k < 9 ? DirectionReport.Estimator.WITHIN_BLOCKS
                    : DirectionReport.Estimator.WHOLE_WINDOW, 0.3);
            if (k < 2) {
                r = new DirectionReport(r.index(), r.spectrum(), r.observed(), r.spread(), r.noiseVariance(),
                        r.prediction(), r.comparison(), new ParameterReport.Drift(1.0, 4.0, true), r.verdict(),
                        r.histogram());
            }
            rows.add(r);
        }
        DirectionJudge.Judged judged = DirectionJudge.Judged.of(rows, true);
        assertEquals(Verdict.notJudged(NotJudgedReason.NOT_SETTLED), judged.judgement().verdict(),
                judged.judgement().explanation());
        assertTrue(judged.judgement().explanation().contains("2 of 9 drift"), judged.judgement().explanation());
    }
}
