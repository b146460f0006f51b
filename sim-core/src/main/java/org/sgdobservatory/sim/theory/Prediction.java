package org.sgdobservatory.sim.theory;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The answer of a closed-form theory for one parameter: either a stationary variance, or the reason
 * the theory does not apply ("theory does not apply" is an answer, not an exception;
 * docs/verdicts.md#not-predicted).
 *
 * <p>Use with a switch over the two cases:
 * <pre>{@code
 * Prediction p = SgdQuadratic1D.predict(learningRate, curvature, noiseVariance);
 * if (p instanceof Prediction.Stationary s) {
 *     report(s.variance(), s.method());
 * } else if (p instanceof Prediction.NotApplicable n) {
 *     report(n.reason(), n.explanation());
 * }
 * }</pre>
 * Both cases are immutable records.
 */
public sealed interface Prediction permits Prediction.Stationary, Prediction.NotApplicable {

    /** Why a closed-form prediction does not apply. */
    enum Reason {
        /**
         * The linearised dynamics are unstable, e.g. {@code eta*h >= 2} for SGD
         * (docs/theory.md#sgd-on-a-1-d-quadratic).
         */
        UNSTABLE,
        /** The curvature is {@code <= 0}: there is no minimum to fluctuate around. */
        NON_POSITIVE_CURVATURE,
        /** An input is NaN, infinite or outside its domain (e.g. a negative noise variance). */
        INVALID_INPUT,
        /** Too few effectively independent samples to estimate an input. */
        TOO_FEW_SAMPLES,
        /** No closed form is implemented for this optimizer; use the simulator. */
        UNSUPPORTED_OPTIMIZER,
        /**
         * Fixed data order: the parameters settle on a periodic orbit, not a density
         * (docs/data-order.md#fixed-cyclic-order).
         */
        LIMIT_CYCLE,
        /**
         * The stationary law exists but its variance is infinite (heavy tails,
         * docs/theory.md#state-dependent-noise).
         */
        INFINITE_VARIANCE,
        /** No stationary state exists (drift, e.g. cross-entropy on separable data). */
        NO_STATIONARY_STATE
    }

    /** Whether this is a {@link Stationary} prediction. */
    boolean isApplicable();

    /** The predicted stationary variance, or empty when the theory does not apply. */
    OptionalDouble stationaryVariance();

    /**
     * A stationary variance predicted by a named method.
     *
     * @param variance the predicted stationary variance of the parameter, finite and {@code >= 0}
     * @param method which formula produced it and under which assumptions, e.g.
     *     {@code "exact discrete SGD, 1-D quadratic (docs/theory.md#sgd-on-a-1-d-quadratic)"}; not
     *     blank
     */
    record Stationary(double variance, String method) implements Prediction {

        /** Validates the variance and the method description. */
        public Stationary {
            Objects.requireNonNull(method, "method");
            if (!(variance >= 0 && variance < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("variance must be finite and >= 0, was " + variance
                        + "; return a NotApplicable prediction instead of a non-finite variance");
            }
            if (method.isBlank()) {
                throw new IllegalArgumentException(
                        "method must not be blank; name the formula and its docs section (docs/theory.md#...)");
            }
        }

        @Override
        public boolean isApplicable() {
            return true;
        }

        @Override
        public OptionalDouble stationaryVariance() {
            return OptionalDouble.of(variance);
        }

        @Override
        public String toString() {
            return "Var = " + variance + " (" + method + ")";
        }
    }

    /**
     * The theory does not apply.
     *
     * @param reason the category, for programmatic handling
     * @param explanation a human-readable sentence with the offending numbers, e.g.
     *     {@code "eta*h = 2.1 >= 2: unstable"}; not blank
     */
    record NotApplicable(Reason reason, String explanation) implements Prediction {

        /** Validates that both components are present. */
        public NotApplicable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(explanation, "explanation");
            if (explanation.isBlank()) {
                throw new IllegalArgumentException(
                        "explanation must not be blank; say which number made the theory inapplicable");
            }
        }

        @Override
        public boolean isApplicable() {
            return false;
        }

        @Override
        public OptionalDouble stationaryVariance() {
            return OptionalDouble.empty();
        }

        @Override
        public String toString() {
            return "not applicable: " + reason + " (" + explanation + ")";
        }
    }
}
