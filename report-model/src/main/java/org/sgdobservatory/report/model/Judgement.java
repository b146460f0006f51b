package org.sgdobservatory.report.model;

import java.util.Objects;

/**
 * The verdict of a group of parameters (a DL4J parameter block, a run or the spectral directions) with the numbers
 * it rests on ({@code docs/verdicts.md#group-and-run-verdicts}).
 *
 * @param verdict consistent, inconsistent or not judged (and why)
 * @param coverage how many judged ratio intervals contain 1
 * @param medianRatio median observed/predicted variance over the judged parameters with its 95% interval
 * @param explanation one plain-language sentence: the verdict and the numbers behind it
 */
public record Judgement(Verdict verdict, Coverage coverage, Interval medianRatio, String explanation) {

    /** Validates. */
    public Judgement {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(coverage, "coverage");
        Objects.requireNonNull(medianRatio, "medianRatio");
        Objects.requireNonNull(explanation, "explanation");
    }
}
