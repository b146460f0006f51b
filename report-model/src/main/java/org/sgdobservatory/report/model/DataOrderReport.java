package org.sgdobservatory.report.model;

import java.util.List;
import java.util.Objects;

/**
 * Which minibatch order the run used, as detected from example fingerprints and as used for predictions.
 *
 * @param detected what the fingerprints say (the latest re-check when there was one)
 * @param used what predictions assume (the user's statement wins over detection)
 * @param epochLengthExamples examples per data epoch, 0 when unknown
 * @param distinctExamplesSeen distinct example fingerprints seen
 * @param examplesSeen examples fingerprinted before fingerprinting stopped or the report was made
 * @param fingerprinting why fingerprinting stopped, or that it had not
 * @param examplesTrained examples trained on while the listener was attached
 * @param rechecks the re-checks of an established order, in training order
 * @param evidence plain-language evidence
 */
public record DataOrderReport(DataOrder detected, DataOrder used, long epochLengthExamples,
                              long distinctExamplesSeen, long examplesSeen, Fingerprinting fingerprinting,
                              long examplesTrained, List<Recheck> rechecks, String evidence) {

    /** Validates and copies. */
    public DataOrderReport {
        Objects.requireNonNull(detected, "detected");
        Objects.requireNonNull(used, "used");
        Objects.requireNonNull(fingerprinting, "fingerprinting");
        rechecks = List.copyOf(rechecks);
        Objects.requireNonNull(evidence, "evidence");
    }

    /** Where fingerprinting stood when the report was made. */
    public enum Fingerprinting {
        /** Every example was still being fingerprinted: the order was not established yet. */
        OPEN,
        /** Two consecutive classifications agreed, so fingerprinting stopped; re-checked periodically since. */
        ESTABLISHED,
        /** The cap on fingerprinted examples was reached before the order was established. */
        CAPPED
    }

    /**
     * One re-check of an established order over a fresh segment of examples.
     *
     * @param fromExample index of the segment's first example among those trained on
     * @param examples examples fingerprinted in the segment
     * @param detected what the segment says
     * @param epochLengthExamples the segment's epoch length, 0 when unknown
     */
    public record Recheck(long fromExample, long examples, DataOrder detected, long epochLengthExamples) {

        /** Validates. */
        public Recheck {
            Objects.requireNonNull(detected, "detected");
        }
    }
}
