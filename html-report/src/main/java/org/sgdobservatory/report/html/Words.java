package org.sgdobservatory.report.html;

import java.util.Locale;
import java.util.Optional;

import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.NotJudgedReason;
import org.sgdobservatory.report.model.NotPredictedReason;
import org.sgdobservatory.report.model.Slope;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.report.model.Verdict;
import org.sgdobservatory.report.model.VerdictState;
import org.sgdobservatory.report.model.VerdictWords;

/**
 * The page's words for the report's states and reasons, in one place. A verdict reads "consistent", "inconsistent"
 * or "not judged, because ..."; the page never says a prediction holds for what was not judged. Every switch is
 * exhaustive, so a new reason in the report model fails the build here until it has its words. Plain text (escape
 * before use); stateless and thread-safe.
 */
final class Words {

    private Words() {
    }

    /** "consistent", "inconsistent" or "not judged, because ..." of parameters ({@link VerdictWords}). */
    static String verdict(Verdict verdict) {
        return VerdictWords.of(verdict);
    }

    /** {@link #verdict(Verdict)} of a group of {@code parts} (plural, e.g. "directions"), which the reasons name. */
    static String verdict(Verdict verdict, String parts) {
        return VerdictWords.of(verdict, parts);
    }

    /** The CSS class of a state: {@code state-consistent}, {@code state-inconsistent} or {@code state-not-judged}. */
    static String stateClass(VerdictState state) {
        return "state-" + state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Why something was not judged, as the end of "not judged, because ...", of parameters. */
    static String because(NotJudgedReason reason) {
        return VerdictWords.because(reason);
    }

    /** {@link #because(NotJudgedReason)} of a group of {@code parts} (plural, e.g. "directions"). */
    static String because(NotJudgedReason reason, String parts) {
        return VerdictWords.because(reason, parts);
    }

    /** Why a variance was not predicted. */
    static String notPredicted(NotPredictedReason reason) {
        return switch (reason) {
            case UNSTABLE -> "the linearised dynamics are unstable (e.g. eta h >= 2 for SGD)";
            case NON_POSITIVE_CURVATURE -> "the curvature is not positive: no minimum to fluctuate around";
            case INVALID_INPUT -> "an input is not finite or outside its domain";
            case TOO_FEW_SAMPLES -> "too few effectively independent samples";
            case UNSUPPORTED_OPTIMIZER -> "no closed form or simulation for this optimizer";
            case LIMIT_CYCLE -> "a fixed data order gives a periodic orbit, not a density";
            case INFINITE_VARIANCE -> "the stationary variance is infinite";
            case NO_STATIONARY_STATE -> "no stationary state exists";
            case NOT_PROBED -> "the probes did not measure curvature and noise here";
            case NO_NOISE -> "no gradient noise was measured";
            case UNKNOWN_EPOCH_LENGTH -> "the epoch length of the reshuffled data is unknown";
            case NO_THEORY_FOR_DATA_ORDER -> "no theory for this optimizer and data order";
        };
    }

    /** A data order in words. */
    static String dataOrder(DataOrder order) {
        return switch (order) {
            case IID -> "i.i.d. minibatches (drawn with replacement)";
            case RESHUFFLED -> "reshuffled each epoch";
            case FIXED_CYCLIC -> "fixed cyclic order (the same every epoch)";
            case UNKNOWN -> "not determined";
        };
    }

    /**
     * The temperature-noise slope's verdict as the listener gave it ({@code Slope.verdict}: consistent when
     * {@code |value - expected| <= 1.96 differenceStandardError}), in words.
     *
     * @return the state and the words, e.g. "consistent with the expected slope 1 (0.6 standard errors away)"
     */
    static SlopeReading slope(Slope slope) {
        return slope(slope, "parameters");
    }

    /**
     * {@link #slope(Slope)} of a slope across {@code parts} (plural, e.g. "directions"), which the words name when
     * too few of them have both temperatures.
     */
    static SlopeReading slope(Slope slope, String parts) {
        VerdictState state = slope.verdict().state();
        if (state == VerdictState.NOT_JUDGED) {
            String why = !Double.isFinite(slope.expected()) ? "the theory expects no particular slope here"
                    : !Double.isFinite(slope.value()) ? "the slope is not estimable (" + Html.count(slope.points(),
                    "usable point") + "; it needs 3 with some spread in the noise)"
                    : "too few " + parts + " have both a measured and a predicted temperature";
            return new SlopeReading(state, "not judged, because " + why + basis(slope));
        }
        double se = slope.differenceStandardError();
        String away = se > 0 ? " (" + Html.number(Math.abs(slope.value() - slope.expected()) / se)
                + " standard errors away)" : "";
        return new SlopeReading(state, (state == VerdictState.CONSISTENT ? "consistent" : "inconsistent")
                + " with the expected slope " + Html.number(slope.expected()) + away);
    }

    /** What the eigen-directions are eigenvectors of, in words. */
    static String basis(SpectralReport.Basis basis) {
        return switch (basis) {
            case HESSIAN -> "Hessian";
            case PRECONDITIONED_HESSIAN -> "preconditioned Hessian P^1/2 H P^1/2";
        };
    }

    /**
     * Why Lanczos stopped, in words.
     */
    static String stopReason(SpectralReport.StopReason reason) {
        return switch (reason) {
            case CONVERGED -> "every requested eigenpair converged";
            case SPACE_EXHAUSTED -> "the Krylov space was exhausted (the eigenpairs found are exact)";
            case BUDGET_EXHAUSTED -> "the matrix-vector budget ran out (see each direction's residual)";
        };
    }

    /**
     * How often the projections were sampled: "every 45th iteration, chosen to keep projecting within 0.25% of the
     * training time, as timed on the training thread in the window (a projection 0.10 ms, an iteration 0.89 ms)",
     * "every 26th iteration, chosen to keep projecting within 3% of the training time (a projection 16 ms, an
     * iteration 21 ms)" or "every iteration, as configured".
     */
    static String sampling(SpectralReport.Sampling s) {
        String every = s.stride() == 1 ? "every iteration" : "every " + ordinal(s.stride()) + " iteration";
        if (s.choice() == SpectralReport.StrideChoice.CONFIGURED) {
            return every + ", as configured";
        }
        String times = Double.isFinite(s.projectionSeconds()) && Double.isFinite(s.iterationSeconds())
                ? String.format(Locale.ROOT, " (a projection %.2g ms, an iteration %.2g ms)", 1e3 * s.projectionSeconds(),
                1e3 * s.iterationSeconds()) : "";
        String budget = Double.isFinite(s.budget())
                ? " within " + Html.number(100 * s.budget()) + "% of the training time" : " within its budget";
        String timed = s.choice() == SpectralReport.StrideChoice.TIMED_IN_WINDOW
                ? ", as timed on the training thread in the window" : "";
        return every + ", chosen to keep projecting" + budget + timed + times;
    }

    private static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    /** The threshold of {@link #edgeOfStability(double)}: eta lambda from which a direction is flagged. */
    static final double NEAR_EDGE_OF_STABILITY = 1.5;

    /**
     * The flag of a direction's {@code eta lambda} against the edge of stability 2 (where plain SGD along it
     * diverges): "near the edge of stability (2)" from 1.5, "at or past the edge of stability (2)" from 2, empty below
     * 1.5 or when not finite.
     */
    static Optional<String> edgeOfStability(double learningRateTimesEigenvalue) {
        if (learningRateTimesEigenvalue >= 2) {
            return Optional.of("at or past the edge of stability (2)");
        }
        if (learningRateTimesEigenvalue >= NEAR_EDGE_OF_STABILITY) {
            return Optional.of("near the edge of stability (2)");
        }
        return Optional.empty();
    }

    private static String basis(Slope slope) {
        return slope.expectedBasis().isBlank() ? "" : " (" + slope.expectedBasis() + ")";
    }

    /**
     * A slope read against its expected value.
     *
     * @param state consistent, inconsistent or not judged
     * @param words the sentence the page shows
     */
    record SlopeReading(VerdictState state, String words) {
    }
}
