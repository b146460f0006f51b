package org.sgdobservatory.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sgdobservatory.report.model.Coverage;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.SampleReports;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.report.model.Verdict;

/** The eigen-directions on the page: the card that opens each run's verdicts, the table, the chart slot. */
class DirectionWordsTest {

    private static final Pattern CARD_ANSWER = Pattern.compile(
            "<div class=\"verdict ([\\w-]+) directions\">\n<p><span class=\"q\">Eigen-directions:</span>"
                    + " <span class=\"a\">([^<]*)</span>");

    private static final SpectralReport.Solve SOLVE = Variants.spectrum().solve();

    private static Matcher card(String page) {
        Matcher m = CARD_ANSWER.matcher(page);
        assertTrue(m.find(), "the card has an eigen-directions block");
        return m;
    }

    private static String page(SpectralReport directions) {
        return HtmlReport.render(Variants.withDirections(Optional.of(directions)));
    }

    static Stream<Arguments> verdicts() {
        Stream<Arguments> judged = Stream.of(Arguments.of("consistent", Verdict.consistent(), "consistent"),
                Arguments.of("inconsistent", Verdict.inconsistent(), "inconsistent"));
        Stream<Arguments> notJudged = Stream.of(NotJudgedReason.values()).map(r -> Arguments.of("not judged: " + r,
                Verdict.notJudged(r), "not judged, because " + Words.because(r, "directions")));
        return Stream.concat(judged, notJudged);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void theCardOpensWithTheDirectionsVerdictInWords(String name, Verdict verdict, String words) {
        Judgement j = new Judgement(verdict, new Coverage(2, 1, 0.5, 0.09, 0.91, 0.95),
                new Interval(1.3, 0.3, 1.02, 1.6), "the listener's sentence");
        String page = page(Variants.spectrum(j, SpectralReport.Basis.HESSIAN, SOLVE));
        Matcher m = card(page);
        assertEquals(Html.escape(words), m.group(2), "the directions' verdict in words");
        assertEquals(Words.stateClass(verdict.state()), m.group(1), "styled by its state");
        int directions = m.start();
        assertTrue(directions < page.indexOf("Parameters, theory vs measurement:")
                && page.indexOf("id=\"verdict-run-0\"") < directions, "the directions open the run's card");
        assertTrue(page.contains("<p class=\"d\">the listener&#39;s sentence</p>"), "the judgement's explanation");
    }

    @Test
    void theCardGivesTheNumbersBehindTheVerdict() {
        String page = HtmlReport.render(SampleReports.listenerReport());
        for (String fact : List.of(
                "<dt>coverage</dt><dd>1 of 2 judged 95% ratio intervals contain 1: 50% (binomial 95% interval"
                        + " 9%–91%) against the 95% the theory implies</dd>",
                "<dt>median ratio</dt><dd>1.3 (95% interval 1.02–1.6)</dd>",
                "<dt>directions</dt><dd>2 judged of 3 found (16 requested); 480 samples of each projection</dd>",
                "<dt>basis</dt><dd>Hessian: the probe-set loss Hessian, L2 included</dd>",
                "<dt>solve</dt><dd>Lanczos at iteration 100 on 512 probe examples: 3 of 16 requested eigenpairs found"
                        + " with 92 exact Hessian-vector products in 0.4 s, residuals as Lanczos estimates them; stopped"
                        + " because every requested eigenpair converged</dd>",
                "<dt>temperature vs noise</dt><dd><span class=\"a state-consistent\">consistent with the expected"
                        + " slope 1 (0 standard errors away)</span>. Slope of log T_k on log c_k: 1 ± 0.2 over 3"
                        + " judged directions; expected 1 (the same fit on the predicted temperatures).</dd>")) {
            assertTrue(page.contains(fact), "the card says " + fact);
        }
    }

    @Test
    void nothingJudgedSaysSoInDirectionsWords() {
        Judgement none = new Judgement(Verdict.notJudged(NotJudgedReason.TOO_FEW_JUDGED), Coverage.NONE,
                Interval.NONE, "");
        String page = page(Variants.spectrum(none, SpectralReport.Basis.PRECONDITIONED_HESSIAN,
                new SpectralReport.Solve(8, 40, 64, 300, SpectralReport.HessianProducts.FORWARD_DIFFERENCES,
                        SpectralReport.Residuals.RECOMPUTED, SpectralReport.StopReason.BUDGET_EXHAUSTED, Double.NaN)));
        assertTrue(page.contains("none: no direction was judged (the theory implies 95%)"), "no coverage");
        assertTrue(page.contains("<dt>median ratio</dt><dd>" + Html.ABSENT_HTML + " (no judged direction)</dd>"),
                "no median ratio");
        assertTrue(page.contains("<dt>basis</dt><dd>preconditioned Hessian P^1/2 H P^1/2: the probe-set loss"),
                "the preconditioned basis");
        assertTrue(page.contains("3 of 8 requested eigenpairs found with 300 Hessian-vector products by forward differences of gradients,"
                + " residuals recomputed; stopped"
                + " because the matrix-vector budget ran out (see each direction&#39;s residual)"),
                "a solve that ran out of budget, its time not measured");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "CONVERGED        | every requested eigenpair converged",
        "SPACE_EXHAUSTED  | the Krylov space was exhausted (the eigenpairs found are exact)",
        "BUDGET_EXHAUSTED | the matrix-vector budget ran out (see each direction's residual)"})
    void stopReasonsReadInWords(SpectralReport.StopReason reason, String words) {
        assertEquals(words, Words.stopReason(reason), "stop reason " + reason);
    }

    @ParameterizedTest(name = "stride {0}, {1}")
    @CsvSource(delimiter = '|', value = {
        "1  | CONFIGURED      | NaN   | 0.001   | 0.002   | every iteration, as configured",
        "22 | AUTOMATIC       | 0.03  | 0.002   | 0.003   | every 22nd iteration, chosen to keep projecting within 3% of"
            + " the training time (a projection 2.0 ms, an iteration 3.0 ms)",
        "11 | AUTOMATIC       | 0.03  | 0.002   | NaN     | every 11th iteration, chosen to keep projecting within 3% of"
            + " the training time",
        "20 | TIMED_IN_WINDOW | 0.005 | 0.0001  | 0.00089 | every 20th iteration, chosen to keep projecting within 0.5% of"
            + " the training time, as timed on the training thread in the window (a projection 0.10 ms, an iteration"
            + " 0.89 ms)",
        "30 | AUTOMATIC       | NaN   | 0.0001  | NaN     | every 30th iteration, chosen to keep projecting within its"
            + " budget"})
    void samplingReadsInWords(int stride, SpectralReport.StrideChoice choice, double budget, double projection,
                              double iteration, String words) {
        assertEquals(words, Words.sampling(new SpectralReport.Sampling(stride, choice, budget, projection, iteration)),
                "sampling");
    }

    @ParameterizedTest(name = "eta*lambda={0}")
    @CsvSource(delimiter = '|', value = {
        "0.2  | ",
        "1.49 | ",
        "1.5  | near the edge of stability (2)",
        "1.99 | near the edge of stability (2)",
        "2.0  | at or past the edge of stability (2)",
        "3.5  | at or past the edge of stability (2)",
        "NaN  | "})
    void etaLambdaIsFlaggedFromOneAndAHalf(double etaLambda, String flag) {
        assertEquals(Optional.ofNullable(flag), Words.edgeOfStability(etaLambda), "flag of eta lambda " + etaLambda);
        String page = page(Variants.spectrumWithEtaLambda(etaLambda));
        String cell = "<td>" + Html.numberHtml(etaLambda)
                + (flag == null ? "" : " <span class=\"flag\">" + flag + "</span>") + "</td>";
        assertTrue(page.contains("</td><td>1e-11 (converged)</td>" + cell), "the first direction's η·λ cell "
                + cell);
        assertEquals(flag != null, page.contains("class=\"flag\""), "flagged only from 1.5");
    }

    @Test
    void theTableHasARowAndAVerdictPerDirection() {
        String page = HtmlReport.render(SampleReports.listenerReport());
        assertEquals(3, HtmlReportTest.count(page.substring(page.indexOf("<table class=\"num directions\">"),
                page.indexOf("id=\"glossary\"")), "<tr class=\"verdict-row\">"), "a verdict row per direction");
        assertTrue(page.contains("<tr><td>0</td><td>4 ± 0.08</td><td>1e-11 (converged)</td><td>0.2</td>"),
                "direction 0: eigenvalue ± SE, residual, eta lambda");
        assertTrue(page.contains("<td>≥ 900</td><td>0.6</td></tr>"), "direction 2: tau is a lower bound, ESS 0.6");
        assertTrue(page.contains("<span class=\"a state-inconsistent\">inconsistent</span>. Variance about the"
                + " projection&#39;s slowly moving centre, within 16 blocks of 186 samples (x1.020 for their finite"
                + " length; for reshuffled minibatches the midpoint between none and the correction for independent"
                + " ones); over the whole window it is "), "direction 1: inconsistent, and its spread within blocks");
        assertTrue(page.contains("one step takes back 0.0728 of the deviation (η·λ = 0.075 for minibatches drawn"
                + " independently on a quadratic; reshuffling raises it somewhat). Prediction: sim-core: exact"
                + " discrete SGD along the direction."), "direction 1: its step rate and prediction");
        assertTrue(page.contains("Variance over the whole window (the direction relaxes too slowly for blocks of 10"),
                "direction 2: over the whole window");
        assertTrue(page.contains("<td>1.4 (fast component)</td>"), "direction 0: the fast component's tau");
        assertTrue(page.contains("<span class=\"a state-not-judged\">not judged, because " + Html.escape(
                Words.because(NotJudgedReason.AUTOCORRELATION_UNRESOLVED)) + "</span>"), "direction 2: why not judged");
        assertTrue(page.contains("<div class=\"grid\" data-slot=\"run-0-directions\"></div>"),
                "a chart slot, without a none-judged reason when some direction is judged");
    }

    @Test
    void noDirectionJudgedPutsTheReasonOnTheSlot() {
        Verdict shortWindow = Verdict.notJudged(NotJudgedReason.WINDOW_TOO_SHORT);
        String same = page(Variants.spectrumWithVerdicts(shortWindow, shortWindow, shortWindow));
        assertTrue(same.contains("data-slot=\"run-0-directions\" data-none-judged=\"" + Html.escape(Words.because(
                NotJudgedReason.WINDOW_TOO_SHORT)) + "\""), "one reason for all: its words");
        String mixed = page(Variants.spectrumWithVerdicts(shortWindow, Verdict.notJudged(NotJudgedReason.DRIFTING),
                shortWindow));
        assertTrue(mixed.contains("data-none-judged=\"2 directions: " + Html.escape(Words.because(
                NotJudgedReason.WINDOW_TOO_SHORT)) + "; 1 direction: " + Html.escape(Words.because(
                NotJudgedReason.DRIFTING)) + "\""), "several reasons: each with its count");
        String none = page(Variants.withList(Variants.spectrum(), List.of()));
        assertTrue(none.contains("<p class=\"empty\">Lanczos found no eigenpair.</p>")
                && none.contains("data-none-judged=\"no direction was found\""), "no eigenpair found");
        assertTrue(none.contains("2 judged of 0 found (16 requested)"), "the counts as the listener gave them");
    }

    @Test
    void aRunWithoutDirectionsSaysNotObservedAndWhy() {
        String message = "the directions need a network with one input and one output array";
        ObservatoryReport skipped = Variants.withDirections(Optional.empty())
                .withFinding(Finding.of(FindingCode.DIRECTIONS_SKIPPED, message));
        String page = HtmlReport.render(skipped);
        Matcher m = card(page);
        assertEquals("not observed", m.group(2), "the card says not observed");
        assertEquals("state-not-judged", m.group(1), "styled as not judged");
        assertTrue(page.contains("not observed</span></p>\n<p class=\"d\">" + message + "</p>"), "and why");
        assertTrue(page.contains("<p class=\"empty\">Not observed: " + message + ".</p>"), "the section too");
        assertFalse(page.contains("<div class=\"grid\" data-slot=\"run-0-directions\""), "no chart slot");

        String silent = HtmlReport.render(Variants.withDirections(Optional.empty()));
        assertTrue(silent.contains("not observed</span></p>\n</div>") && silent.contains(
                "<p class=\"empty\">Not observed.</p>"), "without a finding: not observed, nothing more");
        String text = HtmlReportTest.text(silent);
        assertFalse(text.contains("NaN") || text.contains("null"), "no NaN or null in the text");
    }

    @Test
    void directionsComeBeforeThePerParameterMaterial() {
        String page = HtmlReport.render(SampleReports.exampleReport());
        int directions = page.indexOf("<section id=\"directions\">");
        assertTrue(page.indexOf("<section id=\"verdicts\">") < directions, "after the verdict cards");
        for (String later : List.of("id=\"glossary\"", "id=\"findings\"", "id=\"groups\"", "id=\"charts\"")) {
            assertTrue(directions < page.indexOf(later), "before " + later);
        }
        assertTrue(page.indexOf("data-slot=\"run-1-directions\"") < page.indexOf("id=\"groups\""),
                "every run's directions before the groups");
    }

    @Test
    void comparisonAndGlossaryNameTheDirections() {
        String page = HtmlReport.render(Variants.example(SampleReports.listenerReport()));
        String sideBySide = page.substring(page.indexOf("id=\"comparison\""));
        assertTrue(sideBySide.contains("<tr><th>eigen-directions</th><td class=\"text\"><span class=\"a"
                + " state-not-judged\">not judged, because too few directions could be judged for a coverage"
                + " test</span></td>"),
                "the directions' verdict per run");
        assertTrue(sideBySide.contains("<tr><th>directions: coverage</th><td>1/2 = 50% [9%–91%]</td>"), "coverage");
        assertTrue(sideBySide.contains("<tr><th>directions: slope of log T_k on log c_k (expected)</th><td>1 ± 0.2"
                + " (1)</td>"), "slope against the expected slope");
        String without = HtmlReport.render(Variants.example(Variants.withDirections(Optional.empty())));
        assertTrue(without.contains("<tr><th>eigen-directions</th><td class=\"text\"><span class=\"na\">not"
                + " observed</span></td>"),
                "a run without directions");
        for (String term : List.of("<dt>eigen-direction</dt>", "<dt>η·λ (eta lambda, edge of stability)</dt>",
                "<dt>preconditioned Hessian</dt>")) {
            assertTrue(page.contains(term), "glossary term " + term);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SpectralReport.Basis.class)
    void everyBasisHasItsWords(SpectralReport.Basis basis) {
        assertFalse(Words.basis(basis).isBlank(), "words for " + basis);
    }
}
