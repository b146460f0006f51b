package org.sgdobservatory.updater;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The per-run state of {@link VarianceNormalizedSgd}: the EMA mean {@code m} and variance {@code s} of each
 * parameter's gradient, held in DL4J's updater view array (first half {@code m}, second half {@code s}), so
 * they are saved and restored with the network like RmsProp's state.
 *
 * <p>The first gradient initialises {@code m = g}, {@code s = g^2}; a restored non-zero state is continued
 * instead (checked once, on the first step). Whole-array ND4J operations on preallocated buffers, no
 * allocation per step. Not thread-safe: one instance belongs to one updater block of one network.
 */
public final class VarianceNormalizedSgdUpdater implements GradientUpdater<VarianceNormalizedSgd> {

    /** State key of the EMA mean in {@link #getState()}. */
    public static final String MEAN_STATE = "M";
    /** State key of the EMA variance in {@link #getState()}. */
    public static final String VARIANCE_STATE = "S";

    private final VarianceNormalizedSgd config;
    private INDArray mean;
    private INDArray variance;
    private INDArray scratch;
    private boolean started;
    private boolean checkedRestoredState;

    /** A fresh updater for {@code config}; call {@link #setStateViewArray} or {@link #setState} before use. */
    public VarianceNormalizedSgdUpdater(VarianceNormalizedSgd config) {
        this.config = config;
    }

    @Override
    public VarianceNormalizedSgd getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
        if (state == null || !state.containsKey(MEAN_STATE) || !state.containsKey(VARIANCE_STATE)) {
            throw new IllegalStateException("VarianceNormalizedSgd state must hold '" + MEAN_STATE + "' and '"
                    + VARIANCE_STATE + "', was " + (state == null ? "null" : state.keySet()));
        }
        mean = state.get(MEAN_STATE);
        variance = state.get(VARIANCE_STATE);
        if (initialize) {
            mean.assign(0);
            variance.assign(0);
        }
        scratch = mean.ulike();
        started = false;
        checkedRestoredState = initialize;
    }

    @Override
    public Map<String, INDArray> getState() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.put(MEAN_STATE, mean);
        state.put(VARIANCE_STATE, variance);
        return state;
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (initialize) {
            viewArray.assign(0);
        }
        INDArray flat = viewArray.reshape(viewArray.length());
        long n = flat.length() / 2;
        mean = Shape.newShapeNoCopy(flat.get(NDArrayIndex.interval(0, n)), gradientShape, gradientOrder == 'f');
        variance = Shape.newShapeNoCopy(flat.get(NDArrayIndex.interval(n, 2 * n)), gradientShape,
                gradientOrder == 'f');
        if (mean == null || variance == null) {
            throw new IllegalStateException("cannot view the updater state of length " + viewArray.length()
                    + " as two arrays of shape " + java.util.Arrays.toString(gradientShape));
        }
        scratch = mean.ulike();
        started = false;
        checkedRestoredState = initialize;
    }

    /**
     * Turns the minibatch-mean gradient into the update {@code eta' g / (s + epsilon)} in place, after updating
     * {@code s} and {@code m} (see {@link VarianceNormalizedSgd}).
     */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (mean == null) {
            throw new IllegalStateException("VarianceNormalizedSgd: setStateViewArray or setState was not called");
        }
        INDArray g = sameShape(gradient);
        if (!checkedRestoredState) {
            // a state restored from a saved network is continued, not overwritten by the first gradient
            started = variance.maxNumber().doubleValue() > 0;
            checkedRestoredState = true;
        }
        double beta = config.getAveragingDecay();
        if (!started) {
            mean.assign(g);
            variance.assign(g).muli(g);
            started = true;
        } else {
            scratch.assign(g).subi(mean);
            variance.muli(beta).addi(scratch.muli(scratch).muli(1 - beta));
            mean.muli(beta).addi(scratch.assign(g).muli(1 - beta));
        }
        double lr = config.getLearningRate(iteration, epoch);
        g.divi(scratch.assign(variance).addi(config.getEpsilon())).muli(lr);
    }

    /** The gradient viewed with the state's shape (no copy: updates must land in DL4J's gradient view). */
    private INDArray sameShape(INDArray gradient) {
        if (java.util.Arrays.equals(gradient.shape(), mean.shape())) {
            return gradient;
        }
        INDArray view = gradient.length() == mean.length()
                ? Shape.newShapeNoCopy(gradient, mean.shape(), gradient.ordering() == 'f') : null;
        if (view == null) {
            throw new IllegalStateException("VarianceNormalizedSgd: gradient of shape "
                    + java.util.Arrays.toString(gradient.shape()) + " does not match its state of shape "
                    + java.util.Arrays.toString(mean.shape()));
        }
        return view;
    }

    @Override
    public String toString() {
        return "VarianceNormalizedSgdUpdater(" + config + ")";
    }
}
