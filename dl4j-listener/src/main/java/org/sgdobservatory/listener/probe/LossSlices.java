package org.sgdobservatory.listener.probe;

import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.listener.adapter.DoublePrecisionCopy;
import org.sgdobservatory.listener.adapter.TailScores;
import org.sgdobservatory.listener.sample.DistinctExamples;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The close-ups' 1-D loss slices on the probe copy, at the cost of the passes they need: each distinct probe example
 * once per point, and on a MultiLayerNetwork only the layers from the sliced parameter's own. Not thread-safe (the
 * copy's parameters are set).
 */
final class LossSlices {

    private static final Logger LOG = LoggerFactory.getLogger(LossSlices.class);

    private final DoublePrecisionCopy copy;
    private MiniBatch partsSet;
    private List<DistinctExamples.Share> partsOfSet;

    LossSlices(DoublePrecisionCopy copy) {
        this.copy = copy;
    }

    /**
     * A 1-D loss slice: {@code L(theta + t e_index) - L(theta)} on {@code probeSet} for each offset {@code t},
     * the other parameters held at {@code theta}. {@code L} is DL4J's training-mode score over the probe set's rows;
     * unless the network's examples interact in a pass ({@link DoublePrecisionCopy#examplesInteract}), each distinct
     * example is passed once, its group's score weighted by the rows it stands for
     * ({@link DistinctExamples#byMultiplicity}). On a MultiLayerNetwork the layers before the parameter's own run once
     * ({@link TailScores}) when the tail's score at {@code theta} equals the full pass's to {@value #TAIL_AGREEMENT}
     * relative; otherwise (or when the tail cannot run) every point is a full pass.
     *
     * @param theta parameters (DOUBLE, length numParams), not modified
     * @param index flattened index of the parameter
     * @param offsets the offsets {@code t}
     */
    double[] slice(INDArray theta, MiniBatch probeSet, long index, double[] offsets) {
        List<DistinctExamples.Share> parts = sliceParts(probeSet);
        double base = score(theta, parts);
        ToDoubleFunction<INDArray> at = tail(theta, parts, index, base).orElse(moved -> score(moved, parts));
        double centre = theta.getDouble(index);
        INDArray moved = theta.dup();
        double[] out = new double[offsets.length];
        for (int k = 0; k < offsets.length; k++) {
            moved.putScalar(index, centre + offsets[k]);
            out[k] = at.applyAsDouble(moved) - base;
        }
        return out;
    }

    /** Relative agreement of a tail's score with the full pass's before the tail serves a slice. */
    static final double TAIL_AGREEMENT = 1e-12;

    /**
     * The score at parameters that differ from {@code theta} only in the layer of {@code index} or later, from the
     * activations entering that layer at {@code theta}; empty where there is no such tail, it throws, or its score
     * at {@code theta} is not {@code base}.
     */
    Optional<ToDoubleFunction<INDArray>> tail(INDArray theta, List<DistinctExamples.Share> parts, long index,
                                              double base) {
        Optional<TailScores> tail = copy.tailHolding(index);
        if (tail.isEmpty()) {
            return Optional.empty();
        }
        try {
            return checkedTail(tail.get(), theta, parts, base);
        } catch (RuntimeException e) {
            // a layer or preprocessor the tail cannot drive on its own: full passes
            LOG.debug("loss slice of parameter {}: the layers' tail failed ({}); every point is a full pass", index,
                    e.toString());
            return Optional.empty();
        }
    }

    private Optional<ToDoubleFunction<INDArray>> checkedTail(TailScores tail, INDArray theta,
                                                             List<DistinctExamples.Share> parts, double base) {
        copy.setParams(theta.reshape(1, theta.length()));
        List<INDArray> heads = parts.stream().map(p -> tail.head(p.rows().features())).toList();
        ToDoubleFunction<INDArray> at = moved -> {
            copy.setParams(moved.reshape(1, moved.length()));
            double sum = 0;
            for (int p = 0; p < parts.size(); p++) {
                sum += parts.get(p).weight() * tail.score(heads.get(p), parts.get(p).rows().labels());
            }
            return sum;
        };
        double again = at.applyAsDouble(theta);
        return Math.abs(again - base) <= TAIL_AGREEMENT * Math.max(1, Math.abs(base)) ? Optional.of(at)
                : Optional.empty();
    }

    /** Examples one point of {@link #slice} passes through the network (to budget the slices). */
    int examplesPerPoint(MiniBatch probeSet) {
        return sliceParts(probeSet).stream().mapToInt(p -> p.rows().size()).sum();
    }

    /** The parts a point passes; the last probe set's are kept, as every slice of a report uses the same set. */
    List<DistinctExamples.Share> sliceParts(MiniBatch probeSet) {
        if (probeSet != partsSet) {
            partsOfSet = copy.examplesInteract() ? List.of(new DistinctExamples.Share(probeSet, 1.0))
                    : DistinctExamples.of(probeSet).byMultiplicity();
            partsSet = probeSet;
        }
        return partsOfSet;
    }

    /** The score over the rows the parts stand for: the parts' scores weighted by their shares. */
    private double score(INDArray theta, List<DistinctExamples.Share> parts) {
        copy.setParams(theta.reshape(1, theta.length()));
        double sum = 0;
        for (DistinctExamples.Share part : parts) {
            sum += part.weight() * copy.scoreOf(part.rows().features(), part.rows().labels());
        }
        return sum;
    }
}
