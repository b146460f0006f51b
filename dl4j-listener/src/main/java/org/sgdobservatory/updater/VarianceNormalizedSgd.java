package org.sgdobservatory.updater;

import java.util.Map;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The lecture's variance-normalised SGD rule {@code eta_i = eta' / sigma_i^2} as a Deeplearning4j updater
 * configuration (docs/theory.md#preconditioning-and-the-variance-normalised-rule): every parameter gets the learning
 * rate {@code eta'} divided by an online estimate of its own gradient-noise variance, which gives every parameter the
 * same temperature {@code T = h Var = eta' / (2 - eta' h / sigma^2)} (about {@code eta'/2}), i.e. one Gibbs
 * density for the whole network.
 *
 * <p>Per parameter, with {@code g} the minibatch-mean gradient DL4J hands to the updater (L1/L2 included):
 * <pre>
 *   first step:  m = g,  s = g^2
 *   later:       s &lt;- beta s + (1 - beta) (g - m)^2,   then   m &lt;- beta m + (1 - beta) g
 *   update:      u = eta' g / (s + epsilon)
 * </pre>
 * exactly sim-core's {@code VarianceNormalized.estimated(eta', beta, epsilon)} (a parity test checks it).
 * {@code s} sees {@code Var(g) = sigma^2 + h^2 Var(theta)}, slightly more than the noise at fixed
 * parameters (relative excess {@code eta h / 2}); on a quadratic that excess makes the stationary temperature
 * exactly {@code eta'/2} (SGD with rate {@code eta'/s}: {@code h Var = eta'/2} solves
 * {@code Var = (eta'/s) sigma^2 / (h (2 - eta' h / s))}), checked on a DL4J run by
 * {@code VarianceNormalizedTemperatureTest}. Mandt, Hoffman &amp; Blei (JMLR 18, 2017) show the
 * preconditioner {@code P = eta' Sigma^{-1}} is the optimal one up to scale.
 *
 * <p>{@code epsilon} bounds the step of parameters without noise (e.g. weights of an always-zero input
 * under L2): their update is at most {@code eta' |g| / epsilon}, so choose {@code epsilon} below the
 * smallest noise variance of interest but not so small that {@code eta' l2 / epsilon} reaches 2.
 *
 * <p>Serialised in DL4J's JSON configuration like {@code Sgd} ({@code "@class"} plus the properties below).
 * DL4J's {@code IUpdater} contract makes the configuration mutable through {@link #setLrAndSchedule}; do not
 * share one instance between networks that change it. Not thread-safe for that reason.
 */
public final class VarianceNormalizedSgd implements IUpdater {

    private static final long serialVersionUID = 1L;

    /** Default {@code eta'}. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** Default EMA decay {@code beta}: about {@code 2/(1-beta) = 2000} steps of memory. */
    public static final double DEFAULT_AVERAGING_DECAY = 0.999;
    /** Default {@code epsilon}. */
    public static final double DEFAULT_EPSILON = 1e-8;

    private double learningRate;
    private ISchedule learningRateSchedule;
    private final double averagingDecay;
    private final double epsilon;

    /**
     * The rule with every hyperparameter given.
     *
     * @param learningRate {@code eta' > 0}
     * @param averagingDecay {@code beta} in {@code (0, 1)}
     * @param epsilon {@code > 0}
     * @throws IllegalArgumentException naming the bad value
     */
    public VarianceNormalizedSgd(double learningRate, double averagingDecay, double epsilon) {
        this(learningRate, null, averagingDecay, epsilon);
    }

    /** The rule with {@code eta'} and the default decay and epsilon. */
    public VarianceNormalizedSgd(double learningRate) {
        this(learningRate, DEFAULT_AVERAGING_DECAY, DEFAULT_EPSILON);
    }

    /** The JSON creator (also used by {@link #clone()}); a schedule, when given, overrides the fixed rate. */
    @JsonCreator
    public VarianceNormalizedSgd(@JsonProperty("learningRate") double learningRate,
            @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
            @JsonProperty("averagingDecay") double averagingDecay, @JsonProperty("epsilon") double epsilon) {
        if (learningRateSchedule == null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learningRate (eta') must be finite and > 0, was " + learningRate
                    + "; e.g. 1e-3");
        }
        if (!(averagingDecay > 0 && averagingDecay < 1)) {
            throw new IllegalArgumentException("averagingDecay must be in (0, 1), was " + averagingDecay
                    + "; e.g. " + DEFAULT_AVERAGING_DECAY);
        }
        if (!(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, was " + epsilon + "; e.g. "
                    + DEFAULT_EPSILON);
        }
        this.learningRate = learningRate;
        this.learningRateSchedule = learningRateSchedule;
        this.averagingDecay = averagingDecay;
        this.epsilon = epsilon;
    }

    /** Two state values per parameter: the EMA mean {@code m} and the EMA variance {@code s}. */
    @Override
    public long stateSize(long numParams) {
        return 2 * numParams;
    }

    @Override
    @SuppressWarnings("rawtypes") // IUpdater declares the raw GradientUpdater
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        VarianceNormalizedSgdUpdater u = new VarianceNormalizedSgdUpdater(this);
        u.setStateViewArray(viewArray, new long[] {viewArray.length() / 2}, viewArray.ordering(),
                initializeViewArray);
        return u;
    }

    @Override
    @SuppressWarnings("rawtypes") // IUpdater declares the raw GradientUpdater
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        VarianceNormalizedSgdUpdater u = new VarianceNormalizedSgdUpdater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public VarianceNormalizedSgd clone() {
        return new VarianceNormalizedSgd(learningRate,
                learningRateSchedule == null ? null : learningRateSchedule.clone(), averagingDecay, epsilon);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    /** {@code eta'} (ignored while a schedule is set). */
    @JsonProperty("learningRate")
    public double getLearningRate() {
        return learningRate;
    }

    /** The learning-rate schedule, or {@code null} for the fixed rate (DL4J's JSON convention). */
    @JsonProperty("learningRateSchedule")
    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    /** The EMA decay {@code beta}. */
    @JsonProperty("averagingDecay")
    public double getAveragingDecay() {
        return averagingDecay;
    }

    /** The guard {@code epsilon} added to the variance estimate. */
    @JsonProperty("epsilon")
    public double getEpsilon() {
        return epsilon;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VarianceNormalizedSgd v && Double.compare(v.learningRate, learningRate) == 0
                && Objects.equals(v.learningRateSchedule, learningRateSchedule)
                && Double.compare(v.averagingDecay, averagingDecay) == 0 && Double.compare(v.epsilon, epsilon) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, learningRateSchedule, averagingDecay, epsilon);
    }

    @Override
    public String toString() {
        return "VarianceNormalizedSgd(lr=" + learningRate + (learningRateSchedule == null ? "" : ", schedule="
                + learningRateSchedule) + ", decay=" + averagingDecay + ", eps=" + epsilon + ")";
    }
}
