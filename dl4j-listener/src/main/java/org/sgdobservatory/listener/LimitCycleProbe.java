package org.sgdobservatory.listener;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.probe.MiniBatch;
import org.sgdobservatory.sim.theory.CyclicOrderQuadratic1D;

/**
 * The limit cycle of a fixed cyclic data order (THEORY.md 2b): rebuilds the epoch's minibatches in training
 * order from the probe examples and predicts each parameter's orbit spread with sim-core's
 * {@link CyclicOrderQuadratic1D}.
 *
 * <p>Epoch order: every probe example is fingerprinted as the {@link DataOrderDetector} fingerprinted the
 * training stream and placed at its position in the first fingerprinted epoch; consecutive runs of {@code B}
 * positions are the epoch's minibatches (the last one shorter when {@code B} does not divide the epoch). This
 * needs every example of the epoch among the probe examples, i.e. {@code probeData(trainingSet)} or a reservoir
 * that happens to hold a whole epoch. Per-minibatch noises are the minibatch-mean gradients at the window
 * mean minus their average over the epoch (so they sum to zero, as deviations from the full-batch gradient do).
 *
 * <p>Per parameter the 1-D orbit {@code x_{k+1} = (1 - lr h) x_k - lr xi_k} assumes a diagonal Hessian and a
 * constant curvature (the minibatches' own curvatures are not modelled). Stateless.
 */
final class LimitCycleProbe {

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
     * The predicted orbit spread of one parameter: the variance about its mean of the
     * {@link CyclicOrderQuadratic1D} orbit driven by the epoch's minibatch noises of that parameter.
     *
     * @param batchGradients minibatch-mean gradients, rows = minibatches in epoch order, columns = tracked
     * @param column the tracked position
     * @param learningRate the learning rate
     * @param curvature the measured curvature
     * @return the spread, NaN when the orbit does not exist ({@code h <= 0}, {@code lr h >= 2}, non-finite input)
     */
    static double predictedSpread(double[][] batchGradients, int column, double learningRate, double curvature) {
        int k = batchGradients.length;
        if (!(k >= 1 && curvature > 0 && learningRate > 0 && learningRate * curvature < 2)) {
            return Double.NaN;
        }
        double mean = 0;
        for (double[] row : batchGradients) {
            mean += row[column] / k;
        }
        double[] noise = new double[k];
        for (int m = 0; m < k; m++) {
            noise[m] = batchGradients[m][column] - mean;
            if (!Double.isFinite(noise[m])) {
                return Double.NaN;
            }
        }
        return CyclicOrderQuadratic1D.of(learningRate, curvature, noise).spread();
    }
}
