package org.sgdobservatory.listener.report;

import org.sgdobservatory.listener.DataOrder;

/**
 * Which minibatch order the run used, as detected from example fingerprints and as used for predictions.
 *
 * @param detected what the fingerprints say
 * @param used what predictions assume (the user's statement wins over detection)
 * @param epochLengthExamples examples per data epoch, 0 when unknown
 * @param distinctExamplesSeen distinct example fingerprints seen
 * @param examplesSeen examples fingerprinted
 * @param evidence plain-language evidence
 */
public record DataOrderReport(DataOrder detected, DataOrder used, long epochLengthExamples,
                              long distinctExamplesSeen, long examplesSeen, String evidence) {
}
