package org.sgdobservatory.benchmarks;

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
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return ofSorted(sorted);
    }

    /** The median of values sorted in increasing order. */
    private static double ofSorted(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /**
     * A 95% interval of the median of {@code values}: the 2.5th and 97.5th percentiles of the medians of 2 000
     * resamples with replacement (seeded, so a run's table is reproducible from its measurements). It treats the
     * values as independent, which paired ratios of neighbouring chunks nearly are once the machine's slow changes
     * are divided out.
     */
    static double[] medianInterval(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("interval of no values: measure at least one rotation");
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261206L);
        int n = values.size();
        double[] medians = new double[2000];
        double[] sample = new double[n];
        for (int b = 0; b < medians.length; b++) {
            for (int i = 0; i < n; i++) {
                sample[i] = values.get(random.nextInt(n));
            }
            java.util.Arrays.sort(sample);
            medians[b] = ofSorted(sample);
        }
        java.util.Arrays.sort(medians);
        return new double[] {medians[(int) (0.025 * medians.length)], medians[(int) (0.975 * medians.length) - 1]};
    }

    /** The median with its 95% interval ({@link #medianInterval}), as {@code 1.023 (1.019-1.027)}. */
    static String medianWithInterval(List<Double> values) {
        double[] ci = medianInterval(values);
        return String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", median(values), ci[0], ci[1]);
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
