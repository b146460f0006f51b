package org.sgdobservatory.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sgdobservatory.benchmarks.SimBenchmark.Implementation;
import org.sgdobservatory.sim.stats.Median;

/** The result table of {@link SimBenchmark}, printed to standard output. Stateless. */
final class SimBenchmarkTable {

    private SimBenchmarkTable() {
    }

    /**
     * Prints the median chain-steps per second per chain count and implementation, the ratios of the medians and
     * the per-round ratios.
     *
     * @param sink the benchmark's dead-code sink, printed so the JIT cannot drop the measured work
     */
    static void print(Map<Integer, Map<Implementation, List<Double>>> rates, SimBenchmarkOptions options,
            double sink) {
        System.out.println();
        System.out.println("## Median chain-steps/s over " + options.rounds + " alternating round(s)");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "| %9s |", "C"));
        StringBuilder rule = new StringBuilder("|----------:|");
        for (Implementation impl : Implementation.values()) {
            if (impl.isNumpy() && options.numpyScript == null) {
                continue;
            }
            header.append(String.format(Locale.ROOT, " %13s |", impl.label));
            rule.append("--------------:|");
        }
        header.append(" sim/scalar | sim/numpy | bare sim/scalar | bare sim/numpy |");
        rule.append("-----------:|----------:|----------------:|---------------:|");
        System.out.println(header);
        System.out.println(rule);
        for (Map.Entry<Integer, Map<Implementation, List<Double>>> e : rates.entrySet()) {
            Map<Implementation, List<Double>> m = e.getValue();
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %9d |", e.getKey()));
            for (Implementation impl : Implementation.values()) {
                if (m.containsKey(impl)) {
                    row.append(String.format(Locale.ROOT, " %13.3e |", Median.of(m.get(impl))));
                }
            }
            row.append(ratio(m, Implementation.SIM_CORE, Implementation.SCALAR, 10));
            row.append(ratio(m, Implementation.SIM_CORE, Implementation.NUMPY, 9));
            row.append(ratio(m, Implementation.SIM_CORE_BARE, Implementation.SCALAR_BARE, 15));
            row.append(ratio(m, Implementation.SIM_CORE_BARE, Implementation.NUMPY_BARE, 14));
            System.out.println(row);
        }
        System.out.println();
        System.out.println("Ratios are of medians; the per-round ratios (same round, same machine state):");
        for (Map.Entry<Integer, Map<Implementation, List<Double>>> e : rates.entrySet()) {
            Map<Implementation, List<Double>> m = e.getValue();
            System.out.println("  C=" + e.getKey() + "  sim/scalar " + perRound(m, Implementation.SIM_CORE, Implementation.SCALAR)
                    + "  sim/numpy " + perRound(m, Implementation.SIM_CORE, Implementation.NUMPY)
                    + "  bare sim/scalar " + perRound(m, Implementation.SIM_CORE_BARE, Implementation.SCALAR_BARE));
        }
        System.out.println("(sink " + (sink == 42 ? "!" : ".") + ")");
    }

    private static String ratio(Map<Implementation, List<Double>> m, Implementation a, Implementation b, int width) {
        if (!m.containsKey(a) || !m.containsKey(b)) {
            return String.format(Locale.ROOT, " %" + width + "s |", "-");
        }
        return String.format(Locale.ROOT, " %" + width + ".3f |", Median.of(m.get(a)) / Median.of(m.get(b)));
    }

    private static String perRound(Map<Implementation, List<Double>> m, Implementation a, Implementation b) {
        if (!m.containsKey(a) || !m.containsKey(b)) {
            return "-";
        }
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < m.get(a).size(); i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", m.get(a).get(i) / m.get(b).get(i)));
        }
        return s.append(']').toString();
    }
}
