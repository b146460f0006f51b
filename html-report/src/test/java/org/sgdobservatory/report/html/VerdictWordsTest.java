package org.sgdobservatory.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.sgdobservatory.report.model.Coverage;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.NotPredictedReason;
import org.sgdobservatory.report.model.SampleReports;
import org.sgdobservatory.report.model.Slope;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.report.model.VerdictState;

/** The words of the verdict cards and group tables, from the records only. */
class VerdictWordsTest {

    private static final Pattern RUN_VERDICT = Pattern.compile(
            "<span class=\"q\">Parameters, theory vs measurement:</span> <span class=\"a\">([^<]*)</span>");

    private static String runVerdict(String page) {
        Matcher m = RUN_VERDICT.matcher(page);
        assertTrue(m.find(), "the card has a run verdict");
        return m.group(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(NotJudgedReason.class)
    void everyNotJudgedReasonRendersItsWords(NotJudgedReason reason) {
        Judgement j = new Judgement(Verdict.notJudged(reason), Coverage.NONE, Interval.NONE, "not judged");
        String page = HtmlReport.render(Variants.withRunJudgement(j));
        String expected = "not judged, because " + Words.because(reason);
        assertEquals(Html.escape(expected), runVerdict(page), "run verdict words for " + reason);
        assertTrue(page.contains("verdict state-not-judged"), "the card is styled as not judged");
        assertTrue(page.contains("none: no parameter was judged"), "no coverage when nothing was judged");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CONSISTENT, consistent, state-consistent", "INCONSISTENT, inconsistent, state-inconsistent"})
    void judgedStatesRenderTheirWordsAndNumbers(VerdictState state, String words, String cssClass) {
        Verdict v = state == VerdictState.CONSISTENT ? Verdict.consistent() : Verdict.inconsistent();
        Judgement j = new Judgement(v, new Coverage(40, 31, 0.775, 0.62, 0.88, 0.95),
                new Interval(1.6, 0.1, 1.4, 1.8), "explained");
        String page = HtmlReport.render(Variants.withRunJudgement(j));
        assertEquals(words, runVerdict(page), "run verdict for " + state);
        assertTrue(page.contains("verdict " + cssClass), "card styled " + cssClass);
        assertTrue(page.contains("31 of 40 judged 95% ratio intervals contain 1: 77.5% (binomial 95% interval 62%–88%)"
                + " against the 95% the theory implies"), "coverage with its binomial interval against 0.95");
        assertTrue(page.contains("1.6 (95% interval 1.4–1.8)"), "median ratio with its interval");
        assertTrue(page.contains("4 judged of 5 predicted of 6 tracked (50 in the network)"), "counts");
    }

    @Test
    void sampleGroupsReadTheirOwnJudgements() {
        String page = HtmlReport.render(SampleReports.listenerReport());
        assertTrue(page.contains("<span class=\"a state-consistent\">consistent</span> — consistent: 3 of 4 judged"
                + " ratio intervals contain 1. Settled"), "0_W row: consistent with its explanation");
        assertTrue(page.contains("<span class=\"a state-not-judged\">not judged, because " + Words.because(
                NotJudgedReason.TOO_FEW_JUDGED) + "</span>"), "0_b row: not judged and why");
        assertTrue(page.contains("3/4 = 75% [30%–95%]"), "0_W coverage cell");
        assertTrue(page.contains("<td>" + Html.ABSENT_HTML + "</td><td>" + Html.ABSENT_HTML + "</td>"),
                "0_b coverage and median ratio are not estimable: dashes");
        assertTrue(page.contains("slope not judged, because the slope is not estimable (2 usable points;"),
                "0_b slope of 2 points is not judged");
    }

    @ParameterizedTest(name = "slope {0} ± {1}, expected {2}: {3}")
    @CsvSource({
        "0.93, 0.11, 1.0, CONSISTENT,   consistent with the expected slope 1 (0.636 standard errors away)",
        "0.5,  0.1,  1.0, INCONSISTENT, inconsistent with the expected slope 1 (5 standard errors away)",
        "0.5,  0.1,  NaN, NOT_JUDGED,   not judged, because the theory expects no particular slope here (basis)",
        "NaN,  NaN,  1.0, NOT_JUDGED,   not judged, because the slope is not estimable (2 usable points;",
        "0.5,  NaN,  1.0, NOT_JUDGED,   not judged, because too few parameters have both"})
    void slopeIsReadAgainstTheExpectedSlope(double value, double se, double expected, VerdictState state,
                                           String words) {
        Verdict verdict = state == VerdictState.CONSISTENT ? Verdict.consistent()
                : state == VerdictState.INCONSISTENT ? Verdict.inconsistent()
                : Verdict.notJudged(NotJudgedReason.TOO_FEW_JUDGED);
        Slope slope = new Slope(value, se, 2, expected, "basis", se, verdict);
        Words.SlopeReading reading = Words.slope(slope);
        assertEquals(state, reading.state(), "state");
        assertTrue(reading.words().startsWith(words), "words: " + reading.words());
        String page = HtmlReport.render(Variants.withRunSlope(slope, 0.31));
        assertTrue(page.contains("<span class=\"q\">Temperature vs noise across parameters:</span>"
                + " <span class=\"a\">" + Html.escape(reading.words())), "the card shows the reading");
    }

    @Test
    void notEstimableNumbersRenderAsADashWithATooltip() {
        assertEquals("<span class=\"na\" title=\"not estimable\">—</span>", Html.numberHtml(Double.NaN), "NaN");
        String page = HtmlReport.render(Variants.withRunSlope(new Slope(Double.NaN, Double.NaN, 1, Double.NaN, "", Double.NaN,
                Verdict.notJudged(NotJudgedReason.NOT_PREDICTED)),
                Double.NaN));
        assertTrue(page.contains("Data-order factor " + Html.ABSENT_HTML + " (not estimable: no parameter has both"),
                "a NaN data-order factor is a dash and says why");
        assertTrue(page.contains("Slope of log T on log σ²_B: " + Html.ABSENT_HTML + " over 1 judged point; expected "
                + Html.ABSENT_HTML), "NaN slope and expected slope are dashes");
    }

    @Test
    void theWordsNeverSayHoldsOrYes() {
        List<String> all = new java.util.ArrayList<>();
        for (NotJudgedReason r : NotJudgedReason.values()) {
            all.add(Words.verdict(Verdict.notJudged(r)));
        }
        for (NotPredictedReason r : NotPredictedReason.values()) {
            all.add(Words.notPredicted(r));
        }
        for (NotJudgedReason r : NotJudgedReason.values()) {
            all.add(Words.verdict(Verdict.notJudged(r), "directions"));
        }
        for (SpectralReport.StopReason r : SpectralReport.StopReason.values()) {
            all.add(Words.stopReason(r));
        }
        all.add(Words.edgeOfStability(1.6).orElseThrow());
        all.add(Words.edgeOfStability(2.2).orElseThrow());
        all.add(Words.verdict(Verdict.consistent()));
        all.add(Words.verdict(Verdict.inconsistent()));
        all.add(HtmlReportTest.text(HtmlReport.render(SampleReports.exampleReport())));
        for (String words : all) {
            String lower = words.toLowerCase(Locale.ROOT);
            assertFalse(lower.contains("holds") || lower.matches("(?s).*\\byes\\b.*"), "says holds or yes: " + words);
        }
    }

    @Test
    void constantCloseUpHasWordsInsteadOfCharts() {
        String page = HtmlReport.render(Variants.withConstantCloseUp());
        assertTrue(page.contains("<h5>0_b[4]</h5>"), "the constant close-up is listed");
        assertTrue(page.contains("Constant in the window (θ = 0.25 throughout"), "and says it is constant");
        assertTrue(page.contains("data-slot=\"run-0-closeup-0\""), "the moving close-up has a chart slot");
        assertFalse(page.contains("data-slot=\"run-0-closeup-1\""), "the constant one has none");
        assertFalse(HtmlReportTest.text(page).contains("ESS " + Html.DASH), "no 'ESS = not estimable' for it");
    }
}
