package org.sgdobservatory.report.model;

/**
 * Something whose observed spread is compared with a prediction and judged: a parameter or an eigen-direction. The
 * group and run verdicts are computed over these parts alone.
 */
public interface Compared {

    /** The observed statistics. */
    ParameterReport.Observed observed();

    /** The prediction, or why there is none. */
    PredictionReport prediction();

    /** Observed against predicted. */
    ParameterReport.Comparison comparison();

    /** The stationarity checks. */
    ParameterReport.Drift drift();

    /** The verdict. */
    Verdict verdict();
}
