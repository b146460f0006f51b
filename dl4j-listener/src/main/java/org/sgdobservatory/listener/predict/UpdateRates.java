package org.sgdobservatory.listener.predict;

import java.util.ArrayList;
import java.util.List;

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
 * Nesterovs, {@code lr/(sqrt(v)+eps)} for RmsProp and {@code lr/(s+eps)} for the {@code eta'/sigma^2} rule, with
 * {@code v} and {@code s} read from DL4J's updater state), the rate whose relaxation time
 * {@code (2 - rate h)/(rate h)} the theory predicts (NaN for Nesterovs, whose momentum changes it), and the
 * measured curvature (L2 included by the probes) plus what weight decay adds to it: DL4J applies weight decay after
 * the updater, {@code u += lr c theta} ({@code c} the coefficient, divided by lr when it is not scaled by lr), which
 * is a curvature {@code c} for Sgd and {@code c (sqrt(v) + eps)} or {@code c (s + eps)} in the gradient's units for
 * the normalising updaters (their state at the window's end; {@code docs/theory.md#l2-and-weight-decay}). Weight decay
 * under momentum, weight decay of a normalising updater whose state cannot be read, and L1 are left out and said so
 * ({@link #omissions()}). A holder of arrays, hence a final class.
 */
public final class UpdateRates {

    private final double[] learningRate;
    private final double[] effectiveLearningRate;
    private final double[] relaxationRate;
    private final double[] curvature;
    private final List<String> omissions;

    private UpdateRates(double[] learningRate, double[] effectiveLearningRate, double[] relaxationRate,
                        double[] curvature, List<String> omissions) {
        this.learningRate = learningRate;
        this.effectiveLearningRate = effectiveLearningRate;
        this.relaxationRate = relaxationRate;
        this.curvature = curvature;
        this.omissions = List.copyOf(omissions);
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
        List<String> omitted = new ArrayList<>();
        long[] flat = tracked.flatIndices();
        for (TrackedParameters.Slice slice : tracked.slices()) {
            ParameterBlock blk = slice.block();
            double lr = adapter.learningRate(blk, dl4jIteration, epoch);
            RegularizationSpec reg = adapter.regularization(blk, dl4jIteration, epoch);
            double[] state = adapter.normaliserState(blk).map(v -> v.castTo(DataType.DOUBLE).toDoubleVector())
                    .orElse(null);
            double eps = blk.updater().hyperparameter("epsilon");
            UpdaterKind kind = blk.updater().kind();
            double decay = reg.weightDecay() > 0 ? reg.weightDecayCurvature(lr) : 0;
            decay = omissions(blk, reg, kind, state != null, decay, omitted);
            for (int i = slice.from(); i < slice.to(); i++) {
                int at = (int) (flat[i] - blk.offset());
                double noise = probes.noiseVariance(i).value();
                double norm = state == null ? Double.NaN : switch (kind) {
                    case RMSPROP -> Math.sqrt(state[at]) + eps;
                    case VARNORM -> state[at] + eps;
                    default -> Double.NaN;
                };
                lrs[i] = lr;
                eff[i] = switch (kind) {
                    case RMSPROP, VARNORM -> lr / norm;
                    default -> lr;
                };
                // weight decay adds lr * decay * theta to the update after the updater: in the gradient's units that
                // is a curvature decay times the step's normaliser (1 for Sgd)
                h[i] = probes.curvature(i).value() + switch (kind) {
                    case SGD -> decay;
                    case RMSPROP, VARNORM -> decay > 0 ? decay * norm : 0;
                    default -> 0;
                };
                relax[i] = kind == UpdaterKind.NESTEROVS || kind == UpdaterKind.UNSUPPORTED ? Double.NaN : eff[i];
                if (kind == UpdaterKind.VARNORM && Double.isNaN(eff[i]) && noise > 0) {
                    eff[i] = lr / noise;
                    relax[i] = eff[i];
                }
            }
        }
        return new UpdateRates(lrs, eff, relax, h, omitted);
    }

    /**
     * Adds to {@code omitted} what the predictions of {@code blk} leave out of its regularisation, and returns the
     * weight decay's curvature they keep ({@code decay}, or 0 when the normalising state needed for it is unreadable).
     */
    private static double omissions(ParameterBlock blk, RegularizationSpec reg, UpdaterKind kind, boolean stateRead,
                                    double decay, List<String> omitted) {
        if (decay > 0 && kind == UpdaterKind.NESTEROVS) {
            omitted.add(blk.key() + ": weight decay " + reg.weightDecay() + " acts after Nesterovs' momentum, which"
                    + " the momentum theory does not model; the prediction leaves it out");
        }
        double kept = decay;
        if (decay > 0 && !stateRead && (kind == UpdaterKind.RMSPROP || kind == UpdaterKind.VARNORM)) {
            omitted.add(blk.key() + ": weight decay " + reg.weightDecay() + " becomes a curvature through the"
                    + " updater's normalising state, which could not be read; the prediction leaves it out");
            kept = 0;
        }
        if (reg.l1() > 0) {
            omitted.add(blk.key() + ": L1 " + reg.l1() + " pushes every parameter towards 0 by a constant force"
                    + " with no curvature away from 0; predictions leave it out (they hold for parameters far from"
                    + " 0 compared with their spread)");
        }
        return kept;
    }

    /**
     * Rates given directly (for tests of the predict stage): the learning rate is also the effective and the
     * relaxation rate; nothing is omitted.
     *
     * @param learningRate per tracked parameter
     * @param curvature the curvature the theory sees, per tracked parameter
     */
    static UpdateRates of(double[] learningRate, double[] curvature) {
        return new UpdateRates(learningRate.clone(), learningRate.clone(), learningRate.clone(), curvature.clone(),
                List.of());
    }

    /**
     * What the predictions leave out, one sentence per block (weight decay under momentum, L1): the pipeline reports
     * each as a REGULARIZATION_OMITTED finding.
     */
    public List<String> omissions() {
        return omissions;
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
