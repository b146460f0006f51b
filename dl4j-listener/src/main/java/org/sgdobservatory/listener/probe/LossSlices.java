package org.sgdobservatory.listener.probe;

import java.util.List;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import java.util.function.ToDoubleFunction;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.listener.adapter.DoublePrecisionCopy;
import org.sgdobservatory.listener.adapter.LinearLayerScores;
import org.sgdobservatory.listener.adapter.TailScores;
import org.sgdobservatory.listener.sample.DistinctExamples;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The close-ups' 1-D loss slices on the probe copy, at the cost of the passes they need: each distinct probe example
 * once per point, and on a MultiLayerNetwork only the layers after the sliced parameter's pre-activations (dense and
 * convolution layers) or from its own layer. Not thread-safe (the copy's parameters are set).
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
     * ({@link DistinctExamples#byMultiplicity}). On a MultiLayerNetwork, for a parameter of a hidden dense or
     * convolution layer, the layer's pre-activations at {@code theta} and at the farthest offset give those at every
     * point ({@link LinearLayerScores}), and a point runs only the layer's activation function and the layers after
     * it; for other layers past the first, the layers before the parameter's own run once ({@link TailScores}). Each
     * shortcut serves only after its scores equal the full passes' to {@value #TAIL_AGREEMENT} relative (at
     * {@code theta}, and for the pre-activations also at an offset they are not made from); otherwise (or when it
     * cannot run) every point is a full pass.
     *
     * @param theta parameters (DOUBLE, length numParams), not modified
     * @param index flattened index of the parameter
     * @param offsets the offsets {@code t}
     */
    double[] slice(INDArray theta, MiniBatch probeSet, long index, double[] offsets) {
        List<DistinctExamples.Share> parts = sliceParts(probeSet);
        double base = score(theta, parts);
        double reach = 0;
        for (double t : offsets) {
            reach = Math.abs(t) > Math.abs(reach) ? t : reach;
        }
        ToDoubleFunction<INDArray> at = linear(theta, parts, index, base, reach)
                .or(() -> tail(theta, parts, index, base)).orElse(moved -> score(moved, parts));
        double centre = theta.getDouble(index);
        INDArray moved = theta.dup();
        double[] out = new double[offsets.length];
        for (int k = 0; k < offsets.length; k++) {
            moved.putScalar(index, centre + offsets[k]);
            out[k] = at.applyAsDouble(moved) - base;
        }
        return out;
    }

    /**
     * The score at parameters that differ from {@code theta} only in parameter {@code index}, from the pre-activations
     * of its layer at {@code theta} and at {@code theta + reach e_index}; empty where there are no such
     * pre-activations, they throw, would hold over {@value #LINEAR_BYTES} bytes, or the scores at {@code theta} and
     * at {@code theta + CHECK_FRACTION reach e_index} are not the full passes'.
     */
    Optional<ToDoubleFunction<INDArray>> linear(INDArray theta, List<DistinctExamples.Share> parts, long index,
                                                double base, double reach) {
        Optional<LinearLayerScores> layer = reach != 0 ? copy.linearHolding(index) : Optional.empty();
        if (layer.isEmpty()) {
            return Optional.empty();
        }
        try {
            return checkedLinear(layer.get(), theta, parts, index, base, reach);
        } catch (RuntimeException e) {
            LOG.debug("loss slice of parameter {}: the layer's pre-activations failed ({}); trying the layers' tail",
                    index, e.toString());
            return Optional.empty();
        }
    }

    private Optional<ToDoubleFunction<INDArray>> checkedLinear(LinearLayerScores layer, INDArray theta,
                                                               List<DistinctExamples.Share> parts, long index,
                                                               double base, double reach) {
        double centre = theta.getDouble(index);
        copy.setParams(theta.reshape(1, theta.length()));
        List<INDArray> atTheta = parts.stream().map(p -> layer.preActivations(p.rows().features())).toList();
        long bytes = 3 * atTheta.stream().mapToLong(z -> z.length() * z.dataType().width()).sum();
        if (bytes > LINEAR_BYTES) {
            return Optional.empty();
        }
        INDArray far = theta.dup();
        far.putScalar(index, centre + reach);
        copy.setParams(far.reshape(1, far.length()));
        List<INDArray> slopes = new java.util.ArrayList<>(parts.size());
        for (int p = 0; p < parts.size(); p++) {
            slopes.add(layer.preActivations(parts.get(p).rows().features()).subi(atTheta.get(p)).divi(reach));
        }
        List<INDArray> buffers = atTheta.stream().map(INDArray::dup).toList();
        ToDoubleFunction<INDArray> at = moved -> {
            double t = moved.getDouble(index) - centre;
            return weighted(moved, parts, p -> layer.score(buffers.get(p).assign(slopes.get(p)).muli(t)
                    .addi(atTheta.get(p)), parts.get(p).rows().labels()));
        };
        INDArray check = theta.dup();
        check.putScalar(index, centre + CHECK_FRACTION * reach);
        return agrees(at.applyAsDouble(theta), base) && agrees(at.applyAsDouble(check), score(check, parts))
                ? Optional.of(at) : Optional.empty();
    }

    /**
     * Where the pre-activations' shortcut is compared with full passes besides {@code theta}, as a fraction of the
     * reach, on the other side: at the two points its pre-activations come from it reproduces the full score whether
     * or not they are linear in the parameter, so a layer whose are not (layer normalisation) shows only elsewhere.
     */
    static final double CHECK_FRACTION = -0.618;

    /** Bytes the shortcut's three copies of a layer's pre-activations may hold; beyond, the tail or full passes. */
    static final long LINEAR_BYTES = 256L << 20;

    private static boolean agrees(double shortcut, double full) {
        return Math.abs(shortcut - full) <= TAIL_AGREEMENT * Math.max(1, Math.abs(full));
    }

    /** Relative agreement of a shortcut's score with the full pass's before the shortcut serves a slice. */
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
        ToDoubleFunction<INDArray> at = moved -> weighted(moved, parts,
                p -> tail.score(heads.get(p), parts.get(p).rows().labels()));
        return agrees(at.applyAsDouble(theta), base) ? Optional.of(at) : Optional.empty();
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

    /** The score over the rows the parts stand for, by full passes. */
    private double score(INDArray theta, List<DistinctExamples.Share> parts) {
        return weighted(theta, parts, p -> copy.scoreOf(parts.get(p).rows().features(), parts.get(p).rows().labels()));
    }

    /**
     * The score at {@code theta} (set on the copy first) over the rows the parts stand for: each part's score,
     * {@code partScore} of its position, weighted by its share.
     */
    private double weighted(INDArray theta, List<DistinctExamples.Share> parts, IntToDoubleFunction partScore) {
        copy.setParams(theta.reshape(1, theta.length()));
        double sum = 0;
        for (int p = 0; p < parts.size(); p++) {
            sum += parts.get(p).weight() * partScore.applyAsDouble(p);
        }
        return sum;
    }
}
