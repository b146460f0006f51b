package org.sgdobservatory.sim.spectral;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sgdobservatory.sim.gradient.DataOrder;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.NesterovsQuadratic1D;
import org.sgdobservatory.sim.theory.Prediction;
import org.sgdobservatory.sim.theory.ReshufflingQuadratic1D;
import org.sgdobservatory.sim.theory.SgdQuadratic1D;

/**
 * Stationary variance along the eigendirections of the Hessian (or of the whitened Hessian
 * {@code P^{1/2} H P^{1/2}} of a preconditioned run), by the exact 1-D closed forms of the
 * {@code theory} package applied with curvature {@code l_k} and noise variance {@code c_k}.
 *
 * <p><b>Why this is exact on a quadratic.</b> For SGD on {@code L = theta' H theta/2} with noise
 * {@code xi} of covariance {@code Sigma} per step, {@code theta' = (I - eta H) theta - eta xi}. With
 * {@code H = V diag(l) V'} the coordinate {@code z_k = v_k' theta} obeys
 * {@code z_k' = (1 - eta l_k) z_k - eta v_k' xi}: a 1-D SGD chain with curvature {@code l_k} and noise
 * variance {@code c_k = v_k' Sigma v_k}, so {@code Var(z_k) = eta c_k/(l_k (2 - eta l_k))} exactly,
 * however far from diagonal {@code V' Sigma V} is (the off-diagonal noise only sets
 * {@code Cov(z_j, z_k) = eta Sigma~_jk/(l_j + l_k - eta l_j l_k)}). This is the diagonal of the
 * discrete Lyapunov solution in the eigenbasis. Per-parameter predictions have no such property: they
 * need {@code H} diagonal. The same argument covers Deeplearning4j {@code Nesterovs} (its 2-D state
 * per direction), a frozen diagonal preconditioner (see {@link Preconditioning}), and random
 * reshuffling: the projected batch noises {@code v_k' xi_t} of one epoch are the batch means of the
 * projected per-example noises {@code v_k' e_i}, which sum to zero over the data set, so they are
 * exchangeable and sum to zero over the epoch, which is all the 1-D reshuffling form assumes.
 *
 * <p><b>What {@code c_k} is.</b> The per-step variance of the minibatch gradient projected on the
 * direction ({@link Preconditioning#noiseProbe} when preconditioned), at frozen parameters, under the
 * data order of the run; the caller includes the sampling factor: {@code c_k = v_k' C v_k / B} for
 * i.i.d. batches with replacement, times {@code (n - B)/(n - 1)} without replacement and under
 * reshuffling ({@link ReshufflingQuadratic1D#withoutReplacementBatchVariance}), {@code C} being the
 * per-example gradient covariance. Measuring the batch-gradient variance directly under the run's own
 * sampling already includes it.
 *
 * <p><b>What is not covered.</b> Curvature that varies over the spread (a non-quadratic loss),
 * state-dependent noise (least squares adds {@code (a_i a_i' - H) x} to each example's gradient; with
 * i.i.d. batches a relative effect of order {@code eta tr(H)/B}, but reshuffling does not cancel it as it
 * cancels the additive part, so in slow directions it can dominate: +18% in the slowest direction of a
 * least-squares example with {@code eta l K = 0.25}, see {@code sim-core/SPECTRAL.md}), an adaptive
 * preconditioner's fluctuations, and a fixed
 * cyclic order (a limit cycle: {@link Prediction.Reason#LIMIT_CYCLE}). Nesterovs with reshuffling has
 * no closed form here ({@link Prediction.Reason#UNSUPPORTED_OPTIMIZER}): simulate it.
 *
 * <p>Create with {@link #iid}, {@link #reshuffled} or {@link #of}; {@code predict} never throws on
 * measured inputs. Immutable and thread-safe.
 */
public final class DirectionalTheory {
    private final DirectionalOptimizer optimizer;
    private final DataOrder dataOrder;
    private final int batchesPerEpoch;

    private DirectionalTheory(DirectionalOptimizer optimizer, DataOrder dataOrder, int batchesPerEpoch) {
        this.optimizer = optimizer;
        this.dataOrder = dataOrder;
        this.batchesPerEpoch = batchesPerEpoch;
    }

    /**
     * Independent minibatches each step (with or without replacement inside a batch).
     *
     * @param optimizer the optimizer
     * @return the theory
     */
    public static DirectionalTheory iid(DirectionalOptimizer optimizer) {
        return of(optimizer, DataOrder.IID_WITH_REPLACEMENT, 0);
    }

    /**
     * Random reshuffling: a new permutation every epoch, then {@code K} consecutive batches.
     *
     * @param optimizer the optimizer
     * @param batchesPerEpoch {@code K = n/B >= 2}
     * @return the theory
     * @throws IllegalArgumentException if {@code K < 2}
     */
    public static DirectionalTheory reshuffled(DirectionalOptimizer optimizer, int batchesPerEpoch) {
        return of(optimizer, DataOrder.RESHUFFLE, batchesPerEpoch);
    }

    /**
     * The theory for any {@link DataOrder}.
     *
     * @param optimizer the optimizer
     * @param dataOrder how batches are drawn; {@link DataOrder#CYCLIC} makes every prediction
     *     {@link Prediction.Reason#LIMIT_CYCLE}
     * @param batchesPerEpoch {@code K = n/B >= 2} for {@link DataOrder#RESHUFFLE}, ignored otherwise
     * @return the theory
     * @throws IllegalArgumentException if reshuffling is asked with {@code K < 2}
     */
    public static DirectionalTheory of(DirectionalOptimizer optimizer, DataOrder dataOrder, int batchesPerEpoch) {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(dataOrder, "dataOrder");
        if (dataOrder == DataOrder.RESHUFFLE && !(batchesPerEpoch >= 2)) {
            throw new IllegalArgumentException("batchesPerEpoch must be >= 2 with reshuffling, was "
                    + batchesPerEpoch + "; pass K = n/B (with K = 1 every step is the full batch)");
        }
        return new DirectionalTheory(optimizer, dataOrder, dataOrder == DataOrder.RESHUFFLE ? batchesPerEpoch : 0);
    }

    /**
     * The prediction along one direction. Never throws on measured input: NaN, negative noise variance,
     * {@code l_k <= 0} or an unstable step give a {@link Prediction.NotApplicable}.
     *
     * @param curvature {@code l_k}
     * @param noiseVariance {@code c_k} with its standard error ({@code NaN} if unknown)
     * @return the prediction
     */
    public DirectionalPrediction predict(double curvature, Estimate noiseVariance) {
        Objects.requireNonNull(noiseVariance, "noiseVariance");
        double step = optimizer.learningRate() * curvature;
        Prediction value = closedForm(curvature, noiseVariance.value());
        if (!(value instanceof Prediction.Stationary stationary)) {
            return new DirectionalPrediction(curvature, noiseVariance, step, value, Optional.empty(),
                    Optional.empty());
        }
        double gain = closedForm(curvature, 1.0).stationaryVariance().orElseThrow();
        double ess = noiseVariance.effectiveSampleSize();
        Estimate variance = new Estimate(stationary.variance(), gain * noiseVariance.standardError(), ess);
        Estimate temperature = new Estimate(curvature * variance.value(),
                Math.abs(curvature) * variance.standardError(), ess);
        Prediction labelled = new Prediction.Stationary(stationary.variance(), label() + "; " + stationary.method());
        return new DirectionalPrediction(curvature, noiseVariance, step, labelled, Optional.of(variance),
                Optional.of(temperature));
    }

    /**
     * Predictions for several directions, e.g. the pairs of a {@link LanczosResult}.
     *
     * @param curvatures {@code l_k}
     * @param noiseVariances {@code c_k}, one per curvature
     * @return one prediction per direction, in order (unmodifiable)
     * @throws IllegalArgumentException if the lengths differ
     */
    public List<DirectionalPrediction> predict(double[] curvatures, List<Estimate> noiseVariances) {
        Objects.requireNonNull(curvatures, "curvatures");
        Objects.requireNonNull(noiseVariances, "noiseVariances");
        if (curvatures.length != noiseVariances.size()) {
            throw new IllegalArgumentException("curvatures has " + curvatures.length + " entries but "
                    + "noiseVariances has " + noiseVariances.size() + "; pass one noise variance per direction");
        }
        List<DirectionalPrediction> out = new ArrayList<>(curvatures.length);
        for (int k = 0; k < curvatures.length; k++) {
            out.add(predict(curvatures[k], noiseVariances.get(k)));
        }
        return List.copyOf(out);
    }

    /** The delegated 1-D closed form. */
    private Prediction closedForm(double curvature, double noiseVariance) {
        double eta = optimizer.learningRate();
        if (dataOrder == DataOrder.CYCLIC) {
            return new Prediction.NotApplicable(Prediction.Reason.LIMIT_CYCLE, "fixed cyclic data order: the "
                    + "parameters settle on a periodic orbit of one epoch, not a stationary density");
        }
        if (optimizer instanceof DirectionalOptimizer.Nesterovs nesterovs) {
            if (dataOrder == DataOrder.RESHUFFLE) {
                return new Prediction.NotApplicable(Prediction.Reason.UNSUPPORTED_OPTIMIZER, "no closed form "
                        + "for Nesterovs with random reshuffling (K = " + batchesPerEpoch + "); simulate it");
            }
            return NesterovsQuadratic1D.predict(eta, nesterovs.momentum(), curvature, noiseVariance);
        }
        if (dataOrder == DataOrder.RESHUFFLE) {
            return ReshufflingQuadratic1D.predict(eta, curvature, noiseVariance, batchesPerEpoch);
        }
        return SgdQuadratic1D.predict(eta, curvature, noiseVariance);
    }

    private String label() {
        String where = optimizer instanceof DirectionalOptimizer.PreconditionedSgd
                ? "eigendirection w_k of P^{1/2} H P^{1/2}, coordinate (P^{-1/2} w_k)'theta"
                : "eigendirection v_k of H, coordinate v_k'theta";
        return where + ", " + optimizer + ", " + dataOrder;
    }

    /** The optimizer. */
    public DirectionalOptimizer optimizer() {
        return optimizer;
    }

    /** The data order. */
    public DataOrder dataOrder() {
        return dataOrder;
    }

    /** {@code K} for reshuffling, 0 otherwise. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    @Override
    public String toString() {
        return "DirectionalTheory[" + optimizer + ", " + dataOrder
                + (dataOrder == DataOrder.RESHUFFLE ? ", K=" + batchesPerEpoch : "") + "]";
    }
}
