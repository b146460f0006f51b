package org.sgdobservatory.report.model;

import java.util.Locale;

/**
 * The stable, machine-readable code of a {@link Finding}, with its usual severity. Each code has a section in
 * {@code docs/findings.md} (what it means, why it matters, what to do), which {@link #reference()} names.
 */
public enum FindingCode {
    /** The network type or configuration cannot be observed; the listener disabled itself. */
    NOT_OBSERVABLE(Severity.ERROR),
    /** The observatory failed internally; it disabled itself and training went on. */
    LISTENER_FAILURE(Severity.ERROR),
    /** The training network changed while the report was assembled: a bug of the observatory. */
    NETWORK_ALTERED(Severity.ERROR),
    /** NaN or infinite gradients or parameters were seen and excluded. */
    NON_FINITE_GRADIENT(Severity.ERROR),
    /** Fewer than two samples were observed. */
    TOO_FEW_SAMPLES(Severity.ERROR),
    /** Only a seeded random subset of the parameters is tracked (memory budget or cap). */
    SUBSET_TRACKED(Severity.INFO),
    /** The probe reservoir keeps fewer minibatches than asked for, to stay within its memory budget. */
    RESERVOIR_LIMITED(Severity.INFO),
    /** Not even two minibatches fit the reservoir's budget: the probes were skipped. */
    RESERVOIR_OVER_BUDGET(Severity.WARNING),
    /** The window was longer than the training the listener saw. */
    WINDOW_LONGER_THAN_TRAINING(Severity.WARNING),
    /** The learning rate changed inside the window. */
    LEARNING_RATE_CHANGED(Severity.WARNING),
    /** The data order could not be determined; predictions assume i.i.d. minibatches. */
    DATA_ORDER_ASSUMED_IID(Severity.WARNING),
    /** A fixed cyclic data order: the parameters settle on a limit cycle, not a density. */
    LIMIT_CYCLE(Severity.WARNING),
    /** The limit cycle's spread is observed but not predicted. */
    LIMIT_CYCLE_NOT_PREDICTED(Severity.WARNING),
    /** The probes were skipped (network shape, no data): nothing is predicted. */
    PROBES_SKIPPED(Severity.WARNING),
    /** Which method measured the curvature, and its precision. */
    CURVATURE_METHOD(Severity.INFO),
    /** An updater without a stationary theory: observed, not predicted. */
    UNSUPPORTED_UPDATER(Severity.WARNING),
    /** Per-parameter predictions assume a diagonal Hessian. */
    DIAGONAL_HESSIAN_APPROXIMATION(Severity.INFO),
    /** Most of a group's parameters cannot be judged in this window: observe longer. */
    WINDOW_TOO_SHORT(Severity.WARNING),
    /** A regularisation term in force is not part of a prediction. */
    REGULARIZATION_OMITTED(Severity.WARNING),
    /** The data-order fingerprints stopped at their cap. */
    FINGERPRINT_CAP_REACHED(Severity.INFO),
    /** The report could not be written to its file; it is still available in memory. */
    REPORT_NOT_WRITTEN(Severity.WARNING),
    /** A probe did not fit the memory budget and was skipped. */
    PROBE_OVER_BUDGET(Severity.WARNING),
    /** Fewer eigen-directions than asked for fit the directions' memory budget. */
    DIRECTIONS_LIMITED(Severity.INFO),
    /** The Hessian eigen-directions were not observed (optimizer frame, memory budget, network shape). */
    DIRECTIONS_SKIPPED(Severity.WARNING),
    /** A finding of an example's exact reference answer (command line examples). */
    REFERENCE_ANSWER(Severity.INFO);

    private final Severity defaultSeverity;

    FindingCode(Severity defaultSeverity) {
        this.defaultSeverity = defaultSeverity;
    }

    /** The severity this code usually has. */
    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** The documentation section of this code: {@code docs/findings.md#<code in lower case>}. */
    public String reference() {
        return "docs/findings.md#" + name().toLowerCase(Locale.ROOT);
    }
}
