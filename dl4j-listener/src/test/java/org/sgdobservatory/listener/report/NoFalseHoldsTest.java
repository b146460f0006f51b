package org.sgdobservatory.listener.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.listener.LinearRegressionFixture;
import org.sgdobservatory.listener.ObservatoryListener;
import org.sgdobservatory.listener.TestFixtures;
import org.sgdobservatory.listener.predict.SimCorePredictor;
import org.sgdobservatory.listener.predict.StationaryPredictor;
import org.sgdobservatory.listener.predict.VariancePrediction;
import org.sgdobservatory.report.html.HtmlReport;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.report.model.VerdictState;

/**
 * No false "holds": a run that has not settled is not judged, with the reason, and a wrong theory is inconsistent —
 * in the report's records, in the terminal summary line and on the page's verdict card, which all read the same
 * {@link Judgement}. Linear regression (five independent features, n = 1000) trained by DL4J's Sgd with i.i.d.
 * minibatches.
 */
class NoFalseHoldsTest {

    private static final LinearRegressionFixture FX = TestFixtures.independentFeatures();
    /** The page's words for the parameters' verdict, after the card's question. */
    private static final String CARD = "Parameters, theory vs measurement:</span> <span class=\"a\">";

    /**
     * Started at the optimum with eta h ~ 0.0015..0.007 (tau = (2 - eta h)/(eta h) ~ 300..1300 iterations), 1000
     * observed iterations hold 1 to 3 effective samples per parameter, against the 20 a judgement needs.
     */
    @Test
    void aWindowTooShortIsNotJudgedWithItsReason() {
        MultiLayerNetwork net = FX.mlnFromOptimum(new Sgd(0.002), 1, 0);
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(0).windowIterations(1000)
                .reservoirBatches(8).hutchinsonProbes(8).perExampleGradients(32).directions(0).closeUps(0).build()
                .attachTo(net);
        net.fit(FX.iid(10, 1100, 5));
        ObservatoryReport r = l.lastReport().orElseThrow();

        assertNotJudged(r, NotJudgedReason.WINDOW_TOO_SHORT, "window too short", "the window is too short");
    }

    /**
     * Started 3 units from the optimum at eta = 0.05 (relaxation times 1/(eta h) of 6 to 28 iterations) and observed
     * from iteration 0: the loss falls through the first tenth of the 640-iteration window, the drift test fires and
     * the run has not settled.
     */
    @Test
    void aDriftingRunIsNotJudgedWithItsReason() {
        MultiLayerNetwork net = FX.mlnFromOptimum(new Sgd(0.05), 1, 3.0);
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(0).windowIterations(640).maxLag(16)
                .reservoirBatches(8).hutchinsonProbes(8).perExampleGradients(32).directions(0).closeUps(0).build()
                .attachTo(net);
        net.fit(FX.iid(10, 700, 3));
        ObservatoryReport r = l.lastReport().orElseThrow();
        assertTrue(r.parameters().stream().anyMatch(p -> p.drift().drifting()), "the drift test fires");

        assertNotJudged(r, NotJudgedReason.NOT_SETTLED, "not settled", "the parameters did not settle");
        List<ParameterReport> weights = r.parameters().stream().filter(p -> p.key().equals("0_W")).toList();
        long drifting = weights.stream().filter(p -> p.drift().drifting()).count();
        String why = r.group("0_W").orElseThrow().judgement().explanation();
        assertTrue(why.contains(drifting + " of " + weights.size() + " drift"),
                "the explanation counts the drifting parameters: " + why);
    }

    /**
     * A settled run (4000 iterations at eta = 0.05, B = 50, from the optimum: ESS 100 to 500 per parameter) judged
     * against a predictor whose variances are twice sim-core's: each ratio is about 0.5, while its interval spans about
     * +-25% (observed variance ~7%, prediction ~10%), so no interval contains 1.
     */
    @Test
    void aWrongPredictorIsInconsistent() {
        StationaryPredictor doubled = input -> {
            VariancePrediction p = new SimCorePredictor().predict(input);
            return p.predicted() ? VariancePrediction.of(2 * p.variance(), 2 * p.monteCarloStandardError(),
                    p.method(), "twice " + p.basis()) : p;
        };
        MultiLayerNetwork net = FX.mlnFromOptimum(new Sgd(0.05), 1, 0);
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(500).windowIterations(4000)
                .predictor(doubled).directions(0).closeUps(0).build().attachTo(net);
        net.fit(FX.iid(50, 4510, 7));
        ObservatoryReport r = l.lastReport().orElseThrow();

        Judgement run = r.summary().judgement();
        Judgement weights = r.group("0_W").orElseThrow().judgement();
        assertEquals(VerdictState.INCONSISTENT, weights.verdict().state(), weights.explanation());
        assertEquals(VerdictState.INCONSISTENT, run.verdict().state(), run.explanation());
        assertEquals(0.5, weights.medianRatio().value(), 0.15, "median observed/predicted against a doubled theory");
        assertTrue(SummaryLog.finishedLine(r).contains("run inconsistent with the theory"), SummaryLog.finishedLine(r));
        assertTrue(HtmlReport.render(r).contains(CARD + "inconsistent</span>"), "the page's card says inconsistent");
    }

    private static void assertNotJudged(ObservatoryReport r, NotJudgedReason reason, String summaryWords,
                                        String cardWords) {
        Judgement run = r.summary().judgement();
        Judgement weights = r.group("0_W").orElseThrow().judgement();
        assertEquals(Verdict.notJudged(reason), weights.verdict(), "weights: " + weights.explanation());
        assertEquals(Verdict.notJudged(reason), run.verdict(), "run: " + run.explanation());
        assertFalse(r.group("0_W").orElseThrow().statistics().settled(), "not judged is not settled");
        String line = SummaryLog.finishedLine(r);
        assertTrue(line.contains("run not judged, because") && line.contains(summaryWords), "summary: " + line);
        String page = HtmlReport.render(r);
        assertTrue(page.contains(CARD + "not judged, because " + cardWords),
                "the page's card says not judged and why: " + cardWords);
        assertFalse(page.contains(CARD + "consistent"), "the page's card never says consistent");
    }
}
