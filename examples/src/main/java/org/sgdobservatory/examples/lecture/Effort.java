package org.sgdobservatory.examples.lecture;

/**
 * How much simulation a lecture run spends: the full run (the default, tens of seconds on two cores)
 * or the quick run the tests use (a quarter of the chains, half the recorded steps). Tolerances are in
 * standard errors, so they widen automatically in the quick run.
 *
 * @param quick whether to run the quick variant
 */
public record Effort(boolean quick) {

    /** The full effort. */
    public static final Effort FULL = new Effort(false);
    /** The quick effort. */
    public static final Effort QUICK = new Effort(true);

    /** Number of chains for a run whose full size is {@code full}. */
    public int chains(int full) {
        return quick ? Math.max(1, full / 4) : full;
    }

    /** Recorded steps for a run whose full length is {@code full}. */
    public int steps(int full) {
        return quick ? Math.max(1, full / 2) : full;
    }
}
