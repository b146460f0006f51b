package org.sgdobservatory.listener.predict;

import org.nd4j.linalg.api.buffer.DataType;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.listener.adapter.RegularizationSpec;
import org.sgdobservatory.listener.probe.ProbeMeasurements;
import org.sgdobservatory.listener.sample.TrackedParameters;
import org.sgdobservatory.report.model.UpdaterKind;

/**
 * Per tracked parameter (position {@code i} in tracked order), the rates in force at the end of the window and the
 * curvature the theory sees: the learning rate, the effective per-parameter step rate ({@code lr} for Sgd and
 * Nesterovs, {@code lr/(sqrt(v)+eps)} for RmsProp with {@code v} read from DL4J's updater state,
 * {@code lr/sigma^2_B} for the {@code eta'/sigma^2} rule), the rate whose relaxation time
 * {@code (2 - rate h)/(rate h)} the theory predicts (NaN for Nesterovs, whose momentum changes it), and the
 * measured curvature plus what weight decay adds to it ({@code docs/theory.md#regularisation}). A holder of arrays,
 * hence a final class.
 */
public final class UpdateRates {

    private final double[] learningRate;
    private final double[] effectiveLearningRate;
    private final double[] relaxationRate;
    private final double[] curvature;

    private UpdateRates(double[] learningRate, double[] effectiveLearningRate, double[] relaxationRate,
                        double[] curvature) {
        this.learningRate = learningRate;
        this.effectiveLearningRate = effectiveLearningRate;
        this.relaxationRate = relaxationRate;
        this.curvature = curvature;
    }

    /**
     * The rates of the tracked parameters.
     *
     * @param adapter the training network (its updater state is read, not written)
     * @param tracked the tracked parameters
     * @param dl4jIteration DL4J's iteration (for schedules)
     * @param epoch DL4J's epoch
     * @param probes the probes' curvature and noise
     */
    public static UpdateRates of(NetworkAdapter adapter, TrackedParameters tracked, int dl4jIteration, int epoch,
                                 ProbeMeasurements probes) {
        int p = tracked.size();
        double[] lrs = new double[p];
        double[] eff = new double[p];
        double[] relax = new double[p];
        double[] h = new double[p];
        long[] flat = tracked.flatIndices();
        for (TrackedParameters.Slice slice : tracked.slices()) {
            ParameterBlock blk = slice.block();
            double lr = adapter.learningRate(blk, dl4jIteration, epoch);
            RegularizationSpec reg = adapter.regularization(blk, dl4jIteration, epoch);
            double[] rms = adapter.rmsPropState(blk).map(v -> v.castTo(DataType.DOUBLE).toDoubleVector()).orElse(null);
            double eps = blk.updater().hyperparameter("epsilon");
            UpdaterKind kind = blk.updater().kind();
            for (int i = slice.from(); i < slice.to(); i++) {
                double noise = probes.noiseVariance(i).value();
                lrs[i] = lr;
                h[i] = probes.curvature(i).value();
                if (kind == UpdaterKind.SGD && reg.weightDecay() > 0) {
                    h[i] += reg.weightDecayCurvature(lr);
                }
                eff[i] = switch (kind) {
                    case RMSPROP -> rms == null ? Double.NaN : lr / (Math.sqrt(rms[(int) (flat[i] - blk.offset())]) + eps);
                    case VARNORM -> noise > 0 ? lr / noise : Double.NaN;
                    default -> lr;
                };
                relax[i] = kind == UpdaterKind.NESTEROVS || kind == UpdaterKind.UNSUPPORTED ? Double.NaN : eff[i];
            }
        }
        return new UpdateRates(lrs, eff, relax, h);
    }

    /** The learning rate in force for parameter {@code i}. */
    public double learningRate(int i) {
        return learningRate[i];
    }

    /** The effective per-parameter step rate of parameter {@code i}. */
    public double effectiveLearningRate(int i) {
        return effectiveLearningRate[i];
    }

    /** The curvature the theory sees for parameter {@code i}: measured, plus weight decay's where it applies. */
    public double curvature(int i) {
        return curvature[i];
    }

    /**
     * The relaxation time the theory predicts for parameter {@code i} in units of observations when every
     * {@code every}-th iteration is observed: the chain {@code x_{k+1} = r x_k + noise} with {@code r = 1 - rate h}
     * seen every {@code every} steps has lag-1 autocorrelation {@code r^every}, so
     * {@code tau = (1 + r^every)/(1 - r^every)} (ESS convention; {@code (2 - rate h)/(rate h)} for every = 1). NaN
     * unless {@code 0 < rate h < 2} or when there is no such rate.
     */
    public double theoryTau(int i, int every) {
        double eh = relaxationRate[i] * curvature[i];
        if (!(eh > 0 && eh < 2)) {
            return Double.NaN;
        }
        double r = Math.pow(1 - eh, every);
        return (1 + r) / (1 - r);
    }

    /** The relaxation times of all tracked parameters, in observations ({@link #theoryTau(int, int)}). */
    public double[] theoryTaus(int every) {
        double[] out = new double[curvature.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = theoryTau(i, every);
        }
        return out;
    }
}
