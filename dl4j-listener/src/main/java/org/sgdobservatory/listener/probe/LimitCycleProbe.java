package org.sgdobservatory.listener.probe;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.report.Findings;
import org.sgdobservatory.listener.sample.DataOrderDetector;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.sim.theory.CyclicOrderQuadratic1D;

/**
 * The limit cycle of a fixed cyclic data order ({@code docs/data-order.md#fixed-cyclic-order}): rebuilds the epoch's
 * minibatches in training order from the probe examples and predicts each parameter's orbit spread with sim-core's
 * {@code CyclicOrderQuadratic1D} (the predict stage).
 *
 * <p>Epoch order: every probe example is fingerprinted as the {@link DataOrderDetector} fingerprinted the
 * training stream and placed at its position in the first fingerprinted epoch; consecutive runs of {@code B}
 * positions are the epoch's minibatches (the last one shorter when {@code B} does not divide the epoch). This
 * needs every example of the epoch among the probe examples, i.e. {@code probeData(trainingSet)} or a reservoir
 * that happens to hold a whole epoch. Per-minibatch noises are the minibatch-mean gradients at the window
 * mean minus their average over the epoch (so they sum to zero, as deviations from the full-batch gradient do).
 *
 * Stateless.
 */
public final class LimitCycleProbe {

    private LimitCycleProbe() {
    }

    /**
     * The epoch's minibatches in training order.
     *
     * @param batches the minibatches in order; empty when they cannot be rebuilt
     * @param problem why they could not be rebuilt (empty string when they could)
     */
    record EpochBatches(List<MiniBatch> batches, String problem) {
        EpochBatches {
            batches = List.copyOf(batches);
        }
    }

    /**
     * Rebuilds the epoch's minibatches from {@code examples}.
     *
     * @param epochLength examples per epoch ({@code >= 2})
     * @param miniBatchSize B
     */
    static EpochBatches epochBatches(DataOrderDetector detector, MiniBatch examples, long epochLength,
                                     int miniBatchSize) {
        if (!(epochLength >= 2 && epochLength <= Integer.MAX_VALUE && miniBatchSize >= 1)) {
            return new EpochBatches(List.of(), "unknown epoch length (" + epochLength + " examples) or minibatch"
                    + " size (" + miniBatchSize + ")");
        }
        int n = (int) epochLength;
        int[] pos = detector.epochPositions(examples.features(), n);
        int[] rowAt = new int[n];
        java.util.Arrays.fill(rowAt, -1);
        for (int r = 0; r < pos.length; r++) {
            if (pos[r] >= 0 && rowAt[pos[r]] < 0) {
                rowAt[pos[r]] = r;
            }
        }
        int found = 0;
        for (int r : rowAt) {
            if (r >= 0) {
                found++;
            }
        }
        if (found < n) {
            return new EpochBatches(List.of(), "the probe examples hold " + found + " of the epoch's " + n
                    + " examples; give probeData(the training set) to predict the limit cycle");
        }
        List<MiniBatch> out = new ArrayList<>();
        for (int start = 0; start < n; start += miniBatchSize) {
            int[] rows = java.util.Arrays.copyOfRange(rowAt, start, Math.min(n, start + miniBatchSize));
            out.add(new MiniBatch(Nd4j.pullRows(examples.features(), 1, rows),
                    Nd4j.pullRows(examples.labels(), 1, rows)));
        }
        return new EpochBatches(out, "");
    }

    /**
     * For a fixed cyclic order: the minibatch-mean gradients of the tracked parameters at the probe copy's parameters,
     * one row per minibatch of the epoch in training order; empty, with a LIMIT_CYCLE_NOT_PREDICTED finding, when the
     * epoch cannot be rebuilt from the probe examples.
     *
     * @param epochLength examples per epoch
     * @param miniBatchSize B
     * @param tracked flattened indices of the tracked parameters
     */
    public static java.util.Optional<double[][]> gradients(ProbeCopy copy, DataOrderDetector detector, long epochLength,
                                                           int miniBatchSize, long[] tracked, Findings findings) {
        EpochBatches eb = epochBatches(detector, copy.examples(), epochLength, miniBatchSize);
        if (!eb.problem().isEmpty()) {
            findings.add(FindingCode.LIMIT_CYCLE_NOT_PREDICTED, "the limit cycle's spread is observed but not"
                    + " predicted: " + eb.problem());
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(copy.probes().batchGradients(copy.theta(), eb.batches(), tracked));
    }
}
