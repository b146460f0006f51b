package org.sgdobservatory.report.model;

/**
 * The words every reader of a report uses for a verdict ({@code docs/verdicts.md#states}): "consistent",
 * "inconsistent" or "not judged, because ...", and each reason. The page and the command line say the same thing;
 * neither ever says a prediction holds for what was not judged. Every switch is exhaustive, so a new reason fails
 * the build here until it has its words. Plain text; stateless and thread-safe.
 */
public final class VerdictWords {

    private VerdictWords() {
    }

    /** "consistent", "inconsistent" or "not judged, because ..." of parameters. */
    public static String of(Verdict verdict) {
        return of(verdict, "parameters");
    }

    /** {@link #of(Verdict)} of a group of {@code parts} (plural, e.g. "directions"), which the reasons name. */
    public static String of(Verdict verdict, String parts) {
        return switch (verdict.state()) {
            case CONSISTENT -> "consistent";
            case INCONSISTENT -> "inconsistent";
            case NOT_JUDGED -> "not judged, because " + verdict.notJudged().map(r -> because(r, parts))
                    .orElse("the report gives no reason");
        };
    }

    /** Why something was not judged, as the end of "not judged, because ...", of parameters. */
    public static String because(NotJudgedReason reason) {
        return because(reason, "parameters");
    }

    /** {@link #because(NotJudgedReason)} of a group of {@code parts} (plural, e.g. "directions"). */
    public static String because(NotJudgedReason reason, String parts) {
        return switch (reason) {
            case WINDOW_TOO_SHORT -> "the window is too short: too few effective samples for the autocorrelation time";
            case AUTOCORRELATION_UNRESOLVED -> "the window does not resolve the autocorrelation time (it is longer"
                    + " than the window measures)";
            case DRIFTING -> "the trace drifts (Geweke test), so it has no stationary variance to compare";
            case NOT_PREDICTED -> "there is no prediction to compare with";
            case LIMIT_CYCLE -> "a fixed cyclic data order gives a limit cycle, not a density";
            case NOT_SETTLED -> "the " + parts + " did not settle (too many drift, or the FDR ratio is far from 1)";
            case TOO_FEW_JUDGED -> "too few " + parts + " could be judged for a coverage test";
            case UNSUPPORTED_UPDATER -> "the updater has no stationary theory";
            case NO_SAMPLES -> "nothing was observed";
        };
    }
}
