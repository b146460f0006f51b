package org.sgdobservatory.sim.stats;

import java.util.Arrays;
import java.util.Collection;

/**
 * The median of the finite values of a sample (NaN and infinities are left out): the middle value, or the mean of
 * the two middle values of an even count; NaN when no value is finite. The project's one median. Stateless.
 */
public final class Median {

    private Median() {
    }

    /** The median of the finite values of {@code values} (not modified); NaN when none is finite. */
    public static double of(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m]);
    }

    /** The median of the finite values of {@code values}; NaN when none is finite. */
    public static double of(Collection<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
