package org.sgdobservatory.report.html;

import java.util.List;

/**
 * The glossary box: the terms the verdicts and tables use, each in one or two sentences. Stateless and thread-safe.
 */
final class Glossary {

    private Glossary() {
    }

    /** A term and its explanation (plain text). */
    private record Term(String name, String meaning) {
    }

    private static final List<Term> TERMS = List.of(
            new Term("eigen-direction", "A direction v_k in parameter space along which the loss curves by the"
                    + " Hessian's eigenvalue λ_k: the listener finds the top few (largest λ first) and watches the"
                    + " projection of the parameters onto each. Along them the quadratic theory is exact whatever the"
                    + " gradient-noise covariance, and the stiff ones settle within a few iterations, so a short"
                    + " window can judge them."),
            new Term("η·λ (eta lambda, edge of stability)", "Learning rate times a direction's eigenvalue. Plain SGD"
                    + " along the direction is stable below 2 (the edge of stability) and diverges from 2; the page"
                    + " flags values from 1.5 as near the edge: there the predicted variance, which grows as"
                    + " 1/(2 − η·λ), is very sensitive to the eigenvalue."),
            new Term("preconditioned Hessian", "P^1/2 H P^1/2, with P the optimizer's diagonal per-parameter rate"
                    + " (RMSProp's 1/(√v + ε), or 1/σ² for the η'/σ² rule) frozen when the directions are found. Its"
                    + " eigen-directions play the role of the Hessian's for these optimizers."),
            new Term("consistent / inconsistent", "The measurement agrees (or disagrees) with the prediction within"
                    + " its stated uncertainty: the listener compares observed and predicted variances with their"
                    + " 95% intervals and counts how often they agree."),
            new Term("not judged", "The comparison was not made, and the page says why: a window too short for the"
                    + " autocorrelation time, a drifting trace, no prediction, a limit cycle, too few judged"
                    + " parameters. Not judged is not a success."),
            new Term("coverage", "Of the judged parameters, the fraction whose 95% interval of observed / predicted"
                    + " variance contains 1. If the theory is right, about 95% do; the binomial 95% interval of the"
                    + " fraction shows how far from 95% chance alone can take it."),
            new Term("ratio", "Observed / predicted stationary variance of a parameter: 1 is the theory's spread,"
                    + " 10 ten times wider."),
            new Term("τ (tau)", "Integrated autocorrelation time: how many observations apart two samples of a"
                    + " parameter are effectively independent."),
            new Term("ESS", "Effective sample size, n / τ: how many independent samples the window is worth. Too few"
                    + " and the parameter is not judged."),
            new Term("FDR ratio", "Fluctuation-dissipation ratio 2E[(θ − mean)·u] / E[u²] of the updates u: 1 when"
                    + " the parameter is stationary, away from 1 when it still drifts or relaxes."),
            new Term("Geweke z", "Compares the means of the first and last parts of the window as a standard-normal"
                    + " score; a large |z| means the trace drifts."),
            new Term("σ²_B (sigma²_B)", "The variance of the minibatch-mean gradient of a parameter at fixed"
                    + " parameters: the gradient noise SGD injects."),
            new Term("T (temperature)", "T = h·Var, curvature times observed variance: the energy scale of a"
                    + " parameter's fluctuations."),
            new Term("α (alpha)", "T / (η_eff·σ²_B): the temperature per unit of noise and step size. The theory"
                    + " expects a value per optimizer and data order (1/2 for SGD with i.i.d. minibatches)."),
            new Term("slope", "Of log T on log σ²_B across parameters: 1 when each temperature follows its noise"
                    + " (SGD), about 1/2 under RMSProp, 0 when all share one temperature."),
            new Term("Gibbs", "The density exp(−ΔL/T) of a single shared temperature T along a loss slice; it"
                    + " describes SGD only where the slope is 0."),
            new Term("Hill index", "The Hill estimate of the tail index of the per-example gradient noise: large for"
                    + " Gaussian noise, below 2 the noise variance is infinite and the Gaussian theory fails."));

    /** The glossary section. */
    static void section(StringBuilder out) {
        out.append("<section id=\"glossary\">\n<h2>Reading the verdicts</h2>\n<dl class=\"glossary\">\n");
        for (Term t : TERMS) {
            out.append("<dt>").append(Html.escape(t.name())).append("</dt><dd>").append(Html.escape(t.meaning()))
                    .append("</dd>\n");
        }
        out.append("</dl>\n<p class=\"how\">Every verdict state and reason is explained in <code class=\"ref\">"
                + "docs/verdicts.md</code>, every finding in <code class=\"ref\">docs/findings.md</code>, the layout"
                + " of report.json in <code class=\"ref\">docs/report-schema.md</code>: files of the SGD Observatory"
                + " repository.</p>\n</section>\n");
    }
}
