package org.sgdobservatory.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Small helpers for the listener benchmark's tables (medians, number formats). Stateless. */
final class BenchStats {

    private BenchStats() {
    }

    /** The median (mean of the two middle values for an even count). */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("median of no values: measure at least one round");
        }
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : 0.5 * (s.get(n / 2 - 1) + s.get(n / 2));
    }

    /** Three decimals. */
    static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A list as {@code [1.010, 1.020]}. */
    static String list(List<Double> values) {
        return values.stream().map(BenchStats::f3).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Scientific notation with three significant digits. */
    static String e3(double v) {
        return String.format(Locale.ROOT, "%.3e", v);
    }
}
