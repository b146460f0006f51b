package org.sgdobservatory.sim.theory;

/**
 * The one step shared by the interpolated tables ({@link RmsPropStationaryTable},
 * {@link ReshufflingCorrectionGrid}): where a coordinate lies in its cell. Stateless and thread-safe.
 */
final class LinearInterpolation {

    private LinearInterpolation() {
    }

    /** {@code (x - lo)/(hi - lo)} clamped to {@code [0, 1]}: the weight of the upper node. */
    static double fraction(double lo, double hi, double x) {
        return Math.max(0, Math.min(1, (x - lo) / (hi - lo)));
    }
}
