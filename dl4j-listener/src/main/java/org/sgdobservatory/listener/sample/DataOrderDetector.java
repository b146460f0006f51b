package org.sgdobservatory.listener.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.DataOrderReport;

/**
 * Detects the minibatch order from the examples themselves ({@code docs/data-order.md#detecting-the-data-order}):
 * every example's {@link ExampleFingerprints fingerprint} goes into a {@link FingerprintSequence}, classified at
 * each epoch end and whenever the sequence doubles (from 256 examples). Once two consecutive classifications agree
 * (and, for epoch orders, three epochs were seen) the order is established and fingerprinting stops: from then on
 * a minibatch costs a counter increment. A re-check fingerprints a fresh segment as long as the one that established
 * the order every {@value #RECHECK_SPACING} such lengths (starting on an epoch boundary), so a change of order later
 * in training is seen and the latest classification is the one reported. Without agreement the sequence grows to
 * {@code capacity} examples and the order is classified from those. Not thread-safe.
 */
public final class DataOrderDetector {

    /** Segments (of the length that established the order) between the start of two re-checks. */
    static final int RECHECK_SPACING = 10;

    private static final int FIRST_CHECK = 256;

    private final ExampleFingerprints fingerprints;
    private final FingerprintSequence sequence;
    private final List<DataOrderReport.Recheck> rechecks = new ArrayList<>();
    private DataOrderReport.Fingerprinting state = DataOrderReport.Fingerprinting.OPEN;
    private FingerprintSequence.Classification established;
    private FingerprintSequence.Classification previous;
    private FingerprintSequence recheck;
    private long recheckStart;
    private long nextCheck = FIRST_CHECK;
    private long nextRecheck;
    private long examplesTrained;
    private DataType featureType = DataType.FLOAT;

    /**
     * A detector fingerprinting at most {@code capacity} examples before the order is established.
     *
     * @param seed the projection's seed ({@code SeedStream.FINGERPRINTS})
     */
    public DataOrderDetector(long seed, int capacity) {
        this.fingerprints = new ExampleFingerprints(seed);
        this.sequence = new FingerprintSequence(capacity);
    }

    /** Looks at one training minibatch's features (every minibatch, in training order). */
    public void observe(INDArray features) {
        long rows = features.size(0);
        switch (state) {
            case OPEN -> {
                featureType = features.dataType();
                sequence.append(fingerprints.of(features));
                if (sequence.size() >= nextCheck) {
                    nextCheck = 2L * sequence.size();
                    check();
                }
                if (state == DataOrderReport.Fingerprinting.OPEN && sequence.full()) {
                    state = DataOrderReport.Fingerprinting.CAPPED;
                }
            }
            case ESTABLISHED -> maybeRecheck(features);
            default -> { }
        }
        examplesTrained += rows;
    }

    /** Records that DL4J finished an epoch (onEpochEnd) after the examples seen so far. */
    public void epochEnded() {
        if (state == DataOrderReport.Fingerprinting.OPEN) {
            sequence.epochEnded();
            check();
        } else if (recheck != null) {
            recheck.epochEnded();
        }
    }

    /** Establishes the order when this classification agrees with the previous one. */
    private void check() {
        FingerprintSequence.Classification c = sequence.classify();
        boolean enough = c.order() == DataOrder.IID || c.size() >= 3 * c.epochLength();
        if (c.order() != DataOrder.UNKNOWN && previous != null && previous.order() == c.order()
                && previous.epochLength() == c.epochLength() && enough) {
            established = c;
            state = DataOrderReport.Fingerprinting.ESTABLISHED;
            nextRecheck = examplesTrained + RECHECK_SPACING * (long) c.size();
        }
        previous = c;
    }

    /** Starts, feeds or concludes a re-check segment. */
    private void maybeRecheck(INDArray features) {
        long epoch = established.epochLength();
        if (recheck == null) {
            boolean aligned = epoch == 0 || examplesTrained % epoch == 0;
            if (examplesTrained < nextRecheck || !aligned) {
                if (examplesTrained > nextRecheck + 2 * Math.max(epoch, 1) + features.size(0)) {
                    nextRecheck += RECHECK_SPACING * (long) established.size();
                }
                return;
            }
            recheck = new FingerprintSequence(established.size());
            recheckStart = examplesTrained;
        }
        recheck.append(fingerprints.of(features));
        if (recheck.full()) {
            FingerprintSequence.Classification c = recheck.classify();
            rechecks.add(new DataOrderReport.Recheck(recheckStart, c.size(), c.order(), c.epochLength()));
            if (c.order() != DataOrder.UNKNOWN) {
                established = new FingerprintSequence.Classification(c.order(), c.epochLength(), c.distinct(),
                        established.size(), c.evidence());
            }
            recheck = null;
            nextRecheck = recheckStart + RECHECK_SPACING * (long) established.size();
        }
    }

    /** The order once it is established (no classification is run: cheap). */
    public java.util.Optional<DataOrder> established() {
        return established == null ? java.util.Optional.empty() : java.util.Optional.of(established.order());
    }

    /** Bytes held. */
    public long bytesHeld() {
        return sequence.bytesHeld() + (recheck == null ? 0 : recheck.bytesHeld());
    }

    /** Classifies what was seen; {@code stated} (UNKNOWN = detect) is what predictions then use when given. */
    public DataOrderReport detect(DataOrder stated) {
        FingerprintSequence.Classification main = sequence.classify();
        FingerprintSequence.Classification latest = established != null ? established : main;
        String evidence = latest.evidence();
        if (established != null) {
            evidence += "; fingerprinting stopped after " + sequence.size() + " examples, once the order was"
                    + " established";
        }
        if (!rechecks.isEmpty()) {
            DataOrderReport.Recheck last = rechecks.get(rechecks.size() - 1);
            evidence += "; " + rechecks.size() + " re-check(s), the last over examples " + last.fromExample() + "-"
                    + (last.fromExample() + last.examples()) + ": " + last.detected();
        }
        DataOrder used = stated != DataOrder.UNKNOWN ? stated : latest.order();
        if (stated != DataOrder.UNKNOWN && stated != latest.order() && latest.order() != DataOrder.UNKNOWN) {
            evidence += "; the user stated " + stated + ", which predictions use";
        }
        return new DataOrderReport(latest.order(), used, latest.epochLength(), main.distinct(), sequence.size(),
                state, examplesTrained, rechecks, evidence);
    }

    /**
     * For a fixed cyclic order: the position inside the epoch (0..epochLength-1, counted from the first
     * fingerprinted example, which starts a minibatch) of each row of {@code features}, or -1 for a row that is
     * not among the first {@code epochLength} fingerprinted examples. Rows are cast to the training features'
     * data type first, so a DOUBLE copy of FLOAT training data gets the same fingerprints.
     */
    public int[] epochPositions(INDArray features, int epochLength) {
        int rows = (int) features.size(0);
        int[] out = new int[rows];
        Arrays.fill(out, -1);
        if (epochLength < 1 || sequence.size() < epochLength) {
            return out;
        }
        long[] fp = fingerprints.of(features.castTo(featureType));
        if (fp.length != rows) {
            return out;
        }
        Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < epochLength; i++) {
            position.putIfAbsent(sequence.get(i), i);
        }
        for (int r = 0; r < rows; r++) {
            out[r] = position.getOrDefault(fp[r], -1);
        }
        return out;
    }

    /** For tests: the fingerprints held. */
    List<Long> fingerprints() {
        List<Long> out = new ArrayList<>(sequence.size());
        for (int i = 0; i < sequence.size(); i++) {
            out.add(sequence.get(i));
        }
        return out;
    }
}
