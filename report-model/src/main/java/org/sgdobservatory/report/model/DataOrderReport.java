package org.sgdobservatory.report.model;

import java.util.Objects;

/**
 * Which minibatch order the run used, as detected from example fingerprints and as used for predictions.
 *
 * @param detected what the fingerprints say
 * @param used what predictions assume (the user's statement wins over detection)
 * @param epochLengthExamples examples per data epoch, 0 when unknown
 * @param distinctExamplesSeen distinct example fingerprints seen
 * @param examplesSeen examples fingerprinted
 * @param fingerprintsCapped whether fingerprinting stopped at its cap (no later example was looked at)
 * @param evidence plain-language evidence
 */
public record DataOrderReport(DataOrder detected, DataOrder used, long epochLengthExamples,
                              long distinctExamplesSeen, long examplesSeen, boolean fingerprintsCapped,
                              String evidence) {

    /** Validates. */
    public DataOrderReport {
        Objects.requireNonNull(detected, "detected");
        Objects.requireNonNull(used, "used");
        Objects.requireNonNull(evidence, "evidence");
    }
}
