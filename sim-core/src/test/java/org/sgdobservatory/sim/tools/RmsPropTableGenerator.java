package org.sgdobservatory.sim.tools;

import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.sgdobservatory.sim.simulation.ScaledRmsPropSimulation;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.Prediction;
import org.sgdobservatory.sim.theory.RmsPropScaling;
import org.sgdobservatory.sim.theory.RmsPropSmallStepLimit;
import org.sgdobservatory.sim.theory.RmsPropStationaryTable;
import org.sgdobservatory.sim.theory.RmsPropStationaryTable.Source;
import org.sgdobservatory.sim.theory.RmsPropTableBuilder;

/**
 * Generates sim-core's {@code RmsPropStationaryTable} resource: the ratio {@code R = f/F} of RMSProp's exact
 * scaled stationary variance to its mean field on a grid of {@code (1 - rho, F, p)}, then validates the
 * interpolation against fresh simulations at random off-grid points and records the measured error bound in the
 * table's metadata.
 *
 * <p>Nodes: {@code p = 0} is SGD's exact limit ({@code R = 1}); {@code F = 0} is
 * {@link RmsPropSmallStepLimit} ({@value #LIMIT_GROUPS} chains of the {@code v} recursion, until its standard
 * error is at most 0.05%); every other node is simulated by {@link ScaledRmsPropSimulation#toPrecision} (one run per
 * {@code (rho, F)} with one dimension per {@code p}, {@code --chains} chains, planned for a relative standard error
 * of {@code --target}, rounds added until each node is at most {@code --accept}). Nodes in the omitted region
 * ({@code F > 10} with {@code p < 0.1}, {@code F > 100} with {@code p < 0.3}: epsilon-dominated and near SGD's
 * stability edge, where {@code R} is steep in {@code p}) and nodes that do not converge within
 * {@code --max-steps} are {@code OMITTED}.
 *
 * <p>Validation: {@code --validation} random points, {@code 1 - rho} log-uniform over the axis, {@code p} uniform in
 * {@code [0, 1]}, {@code F} log-uniform over {@code [F_1, F_max]} (90%) or {@code [F_1/10, F_1]} (10%, the
 * small-step segment); points the table does not answer are skipped; each is simulated to the same precision as
 * the nodes, with seeds from {@code --seed + 1}. The bound is the 99th percentile of {@code |table/simulation - 1|}.
 *
 * <p>Usage: {@code benchmarks/run-rmsprop-table.sh [--out FILE] [--seed S] [--threads 2] [--chains 1024]
 * [--target 0.002] [--accept 0.003] [--validation 300] [--quick] [--reuse-nodes FILE] [--provenance TEXT]}.
 * {@code --reuse-nodes} takes the nodes from an earlier output and only redoes the omission rule and the
 * validation; {@code --quick} is a coarse smoke run. Progress goes to stderr.
 */
public final class RmsPropTableGenerator {
    static final int LIMIT_GROUPS = 32;
    static final double[] ONE_MINUS_RHO = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1};
    static final double[] ROOT_SHARE = {0, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};
    static final double LOG10_F_MIN = -3;
    static final double LOG10_F_MAX = 4;
    static final double LOG10_F_STEP = 0.25;

    private RmsPropTableGenerator() {
    }

    /** Options of one run; see the class comment. */
    static final class Options {
        Path out = Path.of("sim-core/src/main/resources/org/sgdobservatory/sim/theory/rmsprop-stationary-table.txt");
        long seed = 20_250_601L;
        int threads = 2;
        int chains = 1024;
        double target = 0.002;
        double accept = 0.003;
        long maxSteps = 20_000_000L;
        int validation = 300;
        boolean quick;
        Path reuse;
        String provenance = "unknown";
        String command = "benchmarks/run-rmsprop-table.sh";

        static Options parse(String[] args) {
            Options o = new Options();
            StringBuilder command = new StringBuilder("benchmarks/run-rmsprop-table.sh");
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--out" -> o.out = Path.of(v);
                    case "--seed" -> o.seed = Long.parseLong(v);
                    case "--threads" -> o.threads = Integer.parseInt(v);
                    case "--chains" -> o.chains = Integer.parseInt(v);
                    case "--target" -> o.target = Double.parseDouble(v);
                    case "--accept" -> o.accept = Double.parseDouble(v);
                    case "--max-steps" -> o.maxSteps = Long.parseLong(v);
                    case "--validation" -> o.validation = Integer.parseInt(v);
                    case "--reuse-nodes" -> o.reuse = Path.of(v);
                    case "--provenance" -> o.provenance = v;
                    case "--quick" -> {
                        o.quick = true;
                        i--;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; see RmsPropTableGenerator's class comment");
                }
                if (!args[i].equals("--provenance") && !args[i].equals("--out")) {
                    command.append(' ').append(args[i]).append(v == null || args[i].equals("--quick") ? "" : " " + v);
                }
                i++;
            }
            o.command = command.toString();
            if (o.quick) {
                o.target = Math.max(o.target, 0.01);
                o.accept = Math.max(o.accept, 0.015);
                o.validation = Math.min(o.validation, 20);
            }
            return o;
        }
    }

    /** Generates the table; see the class comment. */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Instant started = Instant.now();
        double[] meanField = meanFieldAxis(o.quick);
        RmsPropTableBuilder nodes = RmsPropStationaryTable.builder(ONE_MINUS_RHO, meanField, ROOT_SHARE);
        long[] workSteps = new long[1];
        if (o.reuse != null) {
            try (Reader in = Files.newBufferedReader(o.reuse, StandardCharsets.UTF_8)) {
                copyNodes(RmsPropStationaryTable.read(in), nodes, meanField);
            }
        } else {
            simulateNodes(o, meanField, nodes, workSteps);
        }
        nodes.meta(RmsPropStationaryTable.INTERPOLATION_ERROR_BOUND, "0 (provisional, before validation)");
        RmsPropStationaryTable provisional = nodes.build();
        Validation v = validate(provisional, o);
        RmsPropTableBuilder full = RmsPropStationaryTable.builder(ONE_MINUS_RHO, meanField, ROOT_SHARE);
        copyNodes(provisional, full, meanField);
        double bound = Math.ceil(v.p99 * 1000) / 1000;   // rounded up to 0.1%
        full.meta("table-id", "rmsprop-stationary-table-v1-seed" + o.seed)
                .meta("command", o.command)
                .meta("seed", Long.toString(o.seed))
                .meta("chains", o.chains + " per simulation (32 independent groups of chains give each standard error)")
                .meta("node-precision", String.format(Locale.ROOT, "runs planned for a relative SE of %.4f, rounds"
                        + " added (fresh seeds, pooled by chain-steps) until each node is <= %.4f;"
                        + " max recorded steps per chain %d", o.target, o.accept, o.maxSteps))
                .meta("node-steps", "burn-in ceil(10/E) + ceil(20/(1-rho)) (+ ceil(10/(2-E)) near the SGD edge),"
                        + " E = 2F/(1+F); first round's recorded steps from SGD's tau of y^2 at E;"
                        + " see ScaledRmsPropSimulation")
                .meta("small-step-limit", LIMIT_GROUPS + " chains of the v recursion, samples per chain doubled"
                        + " until the relative SE <= 0.0005 (RmsPropSmallStepLimit)")
                .meta("omitted", "F > 10 with p < 0.1, F > 100 with p < 0.3, and nodes not converged"
                        + " (epsilon-dominated near SGD's stability edge)")
                .meta("sim-core", o.provenance)
                .meta("java", System.getProperty("java.version"))
                .meta("generated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .meta("work", String.format(Locale.ROOT, "%.3g parameter-chain-steps of node simulation (this run: %s)",
                        (double) workSteps[0], o.reuse == null ? "all nodes simulated" : "nodes reused from " + o.reuse))
                .meta("max-node-relative-se", String.format(Locale.ROOT, "%.5f", provisional.maxNodeRelativeStandardError()))
                .meta("validation", String.format(Locale.ROOT, "%d random off-grid points (seed %d, %d skipped as"
                        + " not answered), each simulated to relative SE <= %.4f: |table/sim - 1| median %.5f,"
                        + " 90th %.5f, 99th %.5f, max %.5f; z = (table - sim)/combined SE: rms %.3f",
                        v.points, o.seed + 1, v.skipped, o.accept, v.median, v.p90, v.p99, v.max, v.rmsZ))
                .meta(RmsPropStationaryTable.INTERPOLATION_ERROR_BOUND, String.format(Locale.ROOT, "%.3f", bound));
        RmsPropStationaryTable table = full.build();
        Files.createDirectories(o.out.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(o.out, StandardCharsets.UTF_8)) {
            table.write(w);
        }
        log("wrote %s (%s) in %.1f min", o.out, table, (Instant.now().toEpochMilli() - started.toEpochMilli()) / 6e4);
        System.out.println(table.metadata().get("validation"));
        System.out.println("interpolation-error-bound " + table.interpolationErrorBound()
                + ", max node relative SE " + table.maxNodeRelativeStandardError());
    }

    static double[] meanFieldAxis(boolean quick) {
        double step = quick ? 1.0 : LOG10_F_STEP;
        int n = (int) Math.round((LOG10_F_MAX - LOG10_F_MIN) / step) + 1;
        double[] axis = new double[n + 1];
        for (int i = 0; i < n; i++) {
            axis[i + 1] = Math.pow(10, LOG10_F_MIN + i * step);
        }
        return axis;
    }

    /** The a-priori omission rule of the class comment. */
    static boolean omittedByRule(double f, double p) {
        return (f > 10 && p < 0.1) || (f > 100 && p < 0.3);
    }

    private static void copyNodes(RmsPropStationaryTable from, RmsPropTableBuilder to, double[] meanField) {
        if (!Arrays.equals(from.meanFieldAxis(), meanField) || !Arrays.equals(from.oneMinusRhoAxis(), ONE_MINUS_RHO)
                || !Arrays.equals(from.rootShareAxis(), ROOT_SHARE)) {
            throw new IllegalArgumentException("the reused table has other axes; regenerate without --reuse-nodes");
        }
        for (int k = 0; k < ONE_MINUS_RHO.length; k++) {
            for (int i = 0; i < meanField.length; i++) {
                for (int j = 0; j < ROOT_SHARE.length; j++) {
                    Source s = from.nodeSource(k, i, j);
                    boolean omit = s == Source.OMITTED || (s == Source.SIMULATED || s == Source.SGD_LIMIT)
                            && i > 0 && omittedByRule(meanField[i], ROOT_SHARE[j]);
                    to.node(k, i, j, omit ? Double.NaN : from.nodeRatio(k, i, j),
                            omit ? Double.NaN : from.nodeRelativeStandardError(k, i, j), omit ? Source.OMITTED : s);
                }
            }
        }
    }

    private static void simulateNodes(Options o, double[] meanField, RmsPropTableBuilder nodes,
            long[] workSteps) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(o.threads);
        try {
            List<Future<Runnable>> results = new ArrayList<>();
            // Small-step limit row F = 0 (p > 0); SGD limit column p = 0.
            for (int k = 0; k < ONE_MINUS_RHO.length; k++) {
                for (int i = 0; i < meanField.length; i++) {
                    nodes.node(k, i, 0, 1, 0, i > 0 && omittedByRule(meanField[i], 0) ? Source.OMITTED : Source.SGD_LIMIT);
                }
                for (int j = 1; j < ROOT_SHARE.length; j++) {
                    final int kk = k;
                    final int jj = j;
                    results.add(pool.submit(() -> limitNode(o, kk, jj, nodes)));
                }
            }
            // Simulated nodes: one job per (rho, F), longest first.
            List<int[]> jobs = new ArrayList<>();
            for (int k = 0; k < ONE_MINUS_RHO.length; k++) {
                for (int i = 1; i < meanField.length; i++) {
                    jobs.add(new int[] {k, i});
                }
            }
            jobs.sort(Comparator.comparingDouble(job -> meanField[job[1]]));
            for (int[] job : jobs) {
                results.add(pool.submit(() -> simulatedRow(o, job[0], job[1], meanField, nodes, workSteps)));
            }
            for (Future<Runnable> r : results) {
                r.get().run();   // the builder is filled on this thread
            }
        } finally {
            pool.shutdown();
        }
    }

    private static Runnable limitNode(Options o, int k, int j, RmsPropTableBuilder nodes) {
        double rho = 1 - ONE_MINUS_RHO[k];
        double e = RmsPropScaling.scaledEpsilonAt(0, ROOT_SHARE[j]);
        long samples = 250_000;
        Estimate c0;
        while (true) {
            c0 = RmsPropSmallStepLimit.ratioToMeanField(rho, e, LIMIT_GROUPS, samples, o.seed ^ (1000L * k + j));
            if (c0.relativeStandardError() <= 0.0005 || samples > 64_000_000L) {
                break;
            }
            samples *= 2;
        }
        Estimate result = c0;
        log("limit rho=%.3f p=%.2f: c0 = %.5f +- %.5f (%d samples per chain)", rho, ROOT_SHARE[j], c0.value(),
                c0.standardError(), samples);
        return () -> nodes.node(k, 0, j, result.value(), result.relativeStandardError(), Source.SMALL_STEP_LIMIT);
    }

    private static Runnable simulatedRow(Options o, int k, int i, double[] meanField,
            RmsPropTableBuilder nodes, long[] workSteps) {
        double rho = 1 - ONE_MINUS_RHO[k];
        double f = meanField[i];
        List<Integer> js = new ArrayList<>();
        for (int j = 1; j < ROOT_SHARE.length; j++) {
            if (!omittedByRule(f, ROOT_SHARE[j])) {
                js.add(j);
            }
        }
        double[] a = js.stream().mapToDouble(j -> RmsPropScaling.scaledStepAt(f, ROOT_SHARE[j])).toArray();
        double[] e = js.stream().mapToDouble(j -> RmsPropScaling.scaledEpsilonAt(f, ROOT_SHARE[j])).toArray();
        long t0 = System.nanoTime();
        ScaledRmsPropSimulation.Result r = ScaledRmsPropSimulation.toPrecision(rho, a, e, o.chains, o.target,
                o.accept, o.maxSteps, o.seed * 7919 + 100L * k + i);
        long steps = 0;
        for (long s : r.recordedStepsPerChain()) {
            steps += s * o.chains;
        }
        double worst = 0;
        for (Estimate v : r.scaledVariances()) {
            worst = Math.max(worst, v.relativeStandardError());
        }
        log("node rho=%.3f F=%.4g: %d points, %d rounds, %.3g chain-steps, worst rel SE %.5f, %.1f s", rho, f,
                js.size(), r.rounds(), (double) steps, worst, (System.nanoTime() - t0) / 1e9);
        final long work = steps;
        return () -> {
            workSteps[0] += work;
            for (int j = 1; j < ROOT_SHARE.length; j++) {
                int t = js.indexOf(j);
                if (t < 0 || !r.converged().get(t)) {
                    if (t >= 0) {
                        log("  omitted: rho=%.3f F=%.4g p=%.2f did not converge (rel SE %.5f)", rho, f, ROOT_SHARE[j],
                                r.scaledVariances().get(t).relativeStandardError());
                    }
                    nodes.node(k, i, j, Double.NaN, Double.NaN, Source.OMITTED);
                } else {
                    Estimate v = r.scaledVariances().get(t);
                    nodes.node(k, i, j, v.value() / f, v.relativeStandardError(), Source.SIMULATED);
                }
            }
        };
    }

    /** The validation's summary. */
    record Validation(int points, int skipped, double median, double p90, double p99, double max, double rmsZ) {
    }

    static Validation validate(RmsPropStationaryTable table, Options o) throws Exception {
        SplittableRandom random = new SplittableRandom(o.seed + 1);
        double[] fAxis = table.meanFieldAxis();
        double f1 = fAxis[1];
        double fMax = fAxis[fAxis.length - 1];
        double dMin = ONE_MINUS_RHO[0];
        double dMax = ONE_MINUS_RHO[ONE_MINUS_RHO.length - 1];
        List<double[]> points = new ArrayList<>();   // {d, a, e, tableR, tableRelSe}
        int skipped = 0;
        while (points.size() < o.validation) {
            double d = dMin * Math.pow(dMax / dMin, random.nextDouble());
            double p = random.nextDouble();
            double f = random.nextDouble() < 0.1 ? f1 * Math.pow(10, -random.nextDouble())
                    : f1 * Math.pow(fMax / f1, random.nextDouble());
            if (!(p > 0)) {
                continue;
            }
            double a = RmsPropScaling.scaledStepAt(f, p);
            double e = RmsPropScaling.scaledEpsilonAt(f, p);
            // sigma = 1, h = 1: lr = a, epsilon = e.
            RmsPropStationaryTable.Lookup lookup = table.lookup(a, 1, 1, 1 - d, e);
            if (!(lookup.prediction() instanceof Prediction.Stationary s)) {
                skipped++;
                continue;
            }
            points.add(new double[] {d, a, e, s.variance() / f, lookup.monteCarloRelativeError(), f});
        }
        ExecutorService pool = Executors.newFixedThreadPool(o.threads);
        double[] error = new double[points.size()];
        double z2 = 0;
        try {
            List<Future<Estimate>> sims = new ArrayList<>();
            for (int n = 0; n < points.size(); n++) {
                double[] pt = points.get(n);
                long seed = (o.seed + 1) * 1_000_003L + n;
                sims.add(pool.submit(() -> ScaledRmsPropSimulation.toPrecision(1 - pt[0], new double[] {pt[1]},
                        new double[] {pt[2]}, o.chains, o.target, o.accept, o.maxSteps, seed).scaledVariances().get(0)));
            }
            for (int n = 0; n < points.size(); n++) {
                double[] pt = points.get(n);
                Estimate sim = sims.get(n).get();
                double simR = sim.value() / pt[5];
                error[n] = Math.abs(pt[3] / simR - 1);
                double se = Math.hypot(sim.relativeStandardError(), pt[4]);
                z2 += Math.pow((pt[3] / simR - 1) / se, 2);
                log("validation %d: 1-rho=%.5f F=%.4g p=%.3f a=%.4g e=%.4g: table %.5f sim %.5f +- %.5f -> %+.3f%%", n,
                        pt[0], pt[5], RmsPropScaling.rootShare(pt[5], pt[2]), pt[1], pt[2], pt[3], simR,
                        simR * sim.relativeStandardError(), 100 * (pt[3] / simR - 1));
            }
        } finally {
            pool.shutdown();
        }
        double[] sorted = error.clone();
        Arrays.sort(sorted);
        return new Validation(points.size(), skipped, quantile(sorted, 0.5), quantile(sorted, 0.9),
                quantile(sorted, 0.99), sorted[sorted.length - 1], Math.sqrt(z2 / points.size()));
    }

    /** The type-7 (linear) quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[%s] " + format + "%n",
                prepend(Instant.now().truncatedTo(ChronoUnit.SECONDS), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
