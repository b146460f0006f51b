package org.sgdobservatory.listener.probe;

/**
 * Reads the probes' per-parameter arrays (one value for every parameter of the network) at the tracked parameters'
 * flattened indices. Stateless.
 */
final class TrackedValues {

    private TrackedValues() {
    }

    /** The values of {@code all} at the flattened {@code tracked} indices, in the order of {@code tracked}. */
    static double[] pick(double[] all, long[] tracked) {
        double[] out = new double[tracked.length];
        for (int i = 0; i < tracked.length; i++) {
            out[i] = all[(int) tracked[i]];
        }
        return out;
    }
}
