package org.sgdobservatory.sim.tools;

import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.sgdobservatory.sim.gradient.DataOrder;
import org.sgdobservatory.sim.gradient.MinibatchGradient;
import org.sgdobservatory.sim.gradient.PerExampleNoiseDataset;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.optim.RmsProp;
import org.sgdobservatory.sim.simulation.Simulation;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.Prediction;
import org.sgdobservatory.sim.theory.RmsPropReshuffling;
import org.sgdobservatory.sim.theory.RmsPropStationaryTable;

/**
 * Measures RMSProp under per-epoch reshuffling against "the i.i.d. table value times SGD's reshuffling factor at
 * the mean-field rate" ({@link RmsPropReshuffling#sgdFactor}, the listener's approximation), and writes the
 * correction {@code c(a, K) = V_sim / (V_iid A)} that {@link RmsPropReshuffling} interpolates.
 *
 * <p>The reference is sim-core's finite-data simulation: a data set of {@code n = K B} examples with fixed
 * Gaussian per-example noises scaled so that a with-replacement minibatch has noise variance {@code s2 = 1}
 * ({@link PerExampleNoiseDataset#gaussian}), a new permutation per chain and epoch
 * ({@link DataOrder#RESHUFFLE}), DL4J's RmsProp ({@code lr = 1}, {@code rho = 0.95}, {@code eps = 10^-8}, so
 * {@code h = a = lr h/sigma}), 256 chains in 32 groups (standard errors from their spread),
 * {@code max(400 K, 60/a_min)} recorded steps after {@code 10/a_min + 20/(1 - rho) + 2K}. One run per {@code K}
 * holds one dimension per {@code a} of the grid. {@code V_iid} is the shipped i.i.d. table's value.
 *
 * <p>Validation: {@code --validate N} random points ({@code K} an integer off the grid, log-uniform in
 * {@code [2, 64]} so that the short epochs where the correction is large are well represented; {@code a}
 * log-uniform over the grid; {@code B} 8 or 32; seed {@code --seed + 1}), each its own finite-data run,
 * compared with {@link RmsPropReshuffling#lookup}; the bound written is the largest {@code |pred/sim - 1|} rounded
 * up to 0.5%.
 *
 * <p>Usage ({@code benchmarks/run-rmsprop-reshuffling-study.sh}): {@code [--write FILE] [--validate 24]
 * [--threads 2] [--seed 11] [--reuse FILE] [--provenance TEXT]}; {@code --reuse} takes the grid from an earlier
 * output and only redoes the validation. Prints Markdown tables, progress on stderr.
 */
public final class RmsPropReshufflingStudy {
    static final double RHO = RmsPropReshuffling.RMS_DECAY;
    static final double EPSILON = 1e-8;
    static final int BATCH = 16;
    static final int CHAINS = 256;
    static final int[] K_GRID = {2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64};

    private RmsPropReshufflingStudy() {
    }

    static double[] aGrid() {
        double[] a = new double[13];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.pow(10, -2.5 + 0.25 * i);
        }
        return a;
    }

    /** The finite-data reshuffled variance of {@code x} for each {@code a} (h = a, lr = 1, s2 = 1). */
    static Estimate[] finiteData(int k, int batch, double[] a, long seed) {
        int n = k * batch;
        double[] s2 = new double[a.length];
        Arrays.fill(s2, 1);
        PerExampleNoiseDataset data = PerExampleNoiseDataset.gaussian(QuadraticLandscape.diagonal(a), n, batch, s2,
                seed);
        double aMin = Arrays.stream(a).min().orElseThrow();
        int steps = (int) Math.max(400L * k, Math.ceil(60 / aMin));
        int burnIn = (int) Math.ceil(10 / aMin + 20 / (1 - RHO)) + 2 * k;
        var result = Simulation.builder()
                .gradient(MinibatchGradient.of(data, batch, DataOrder.RESHUFFLE))
                .updater(new RmsProp(1.0, RHO, EPSILON))
                .chains(CHAINS).burnIn(burnIn).steps(steps).seed(seed * 31 + k).build().run();
        return result.varianceEstimates().toArray(new Estimate[0]);
    }

    /** Runs the study; see the class comment. */
    public static void main(String[] args) throws Exception {
        Path write = null;
        int validate = 24;
        Path reuse = null;
        int threads = 2;
        long seed = 11;
        String provenance = "unknown";
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--write" -> write = Path.of(args[i + 1]);
                case "--validate" -> validate = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--provenance" -> provenance = args[i + 1];
                case "--reuse" -> reuse = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        RmsPropStationaryTable table = RmsPropStationaryTable.shipped();
        double[] a = aGrid();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Instant started = Instant.now();
        try {
            double[][] c = new double[K_GRID.length][a.length];
            double[][] se = new double[K_GRID.length][a.length];
            String grid = "measured in this run";
            if (reuse != null) {
                RmsPropReshuffling earlier = RmsPropReshuffling.read(Files.newBufferedReader(reuse,
                        StandardCharsets.UTF_8), table);
                grid = "nodes reused (--reuse) from a run of " + earlier.metadata().get("sim-core") + ", generated "
                        + earlier.metadata().get("generated") + ", seed " + earlier.metadata().get("seed");
                for (int ik = 0; ik < K_GRID.length; ik++) {
                    for (int ia = 0; ia < a.length; ia++) {
                        c[ik][ia] = earlier.nodeCorrection(ik, ia);
                        se[ik][ia] = earlier.nodeRelativeStandardError(ik, ia);
                    }
                }
            } else {
                measureGrid(a, c, se, seed, table, pool);
            }
            String text = render(a, c, se, seed, provenance + "; grid " + grid,
                    "0 (provisional, before validation)", "not yet");
            RmsPropReshuffling provisional = RmsPropReshuffling.read(new StringReader(text), table);
            double[] summary = validate(provisional, table, validate, seed + 1, pool);
            double bound = Math.ceil(summary[1] * 200) / 200;   // max, rounded up to 0.5%
            String validation = String.format(Locale.ROOT, "%d random off-grid points (K an integer off the grid,"
                    + " log-uniform in [2, 64]; a log-uniform; B 8 or 32; seed %d): |pred/sim - 1| median %.4f, max %.4f;"
                    + " without the"
                    + " correction (A alone) median %.4f, max %.4f", validate, seed + 1, summary[0], summary[1],
                    summary[2], summary[3]);
            text = render(a, c, se, seed, provenance + "; grid " + grid, String.format(Locale.ROOT, "%.3f", bound), validation);
            System.out.println("\nvalidation: " + validation + "; bound " + bound);
            if (write != null) {
                try (Writer w = Files.newBufferedWriter(write, StandardCharsets.UTF_8)) {
                    w.write(text);
                }
                System.err.println("wrote " + write + " in "
                        + (Instant.now().toEpochMilli() - started.toEpochMilli()) / 60000.0 + " min");
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void measureGrid(double[] a, double[][] c, double[][] se, long seed, RmsPropStationaryTable table,
            ExecutorService pool) throws Exception {
        List<Future<Estimate[]>> runs = new ArrayList<>();
        for (int k : K_GRID) {
            final long s = seed + k;
            runs.add(pool.submit(() -> finiteData(k, BATCH, a, s)));
        }
        System.out.println("c(a, K) = V_finite-data / (V_iid table x A) at rho = 0.95, eps = 1e-8, B = 16"
                + " (relative SE in %):\n");
        StringBuilder header = new StringBuilder("| K \\ a |");
        for (double v : a) {
            header.append(String.format(Locale.ROOT, " %.3g |", v));
        }
        System.out.println(header);
        System.out.println("|--:|" + "--:|".repeat(a.length));
        for (int ik = 0; ik < K_GRID.length; ik++) {
            int k = K_GRID[ik];
            Estimate[] sim = runs.get(ik).get();
            StringBuilder row = new StringBuilder("| " + k + " |");
            for (int ia = 0; ia < a.length; ia++) {
                RmsPropStationaryTable.Lookup iid = table.lookup(1, a[ia], 1, RHO, EPSILON);
                double vIid = iid.prediction().stationaryVariance().orElseThrow();
                double factor = RmsPropReshuffling.sgdFactor(1, a[ia], 1, EPSILON, k, BATCH);
                c[ik][ia] = sim[ia].value() / (vIid * factor);
                se[ik][ia] = Math.hypot(sim[ia].relativeStandardError(), iid.monteCarloRelativeError());
                row.append(String.format(Locale.ROOT, " %.4f (%.2f) |", c[ik][ia], 100 * se[ik][ia]));
            }
            System.out.println(row);
            System.err.printf(Locale.ROOT, "[%s] K = %d done%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), k);
        }
    }

    private static String render(double[] a, double[][] c, double[][] se, long seed, String provenance, String bound,
            String validation) {
        StringBuilder t = new StringBuilder();
        t.append("# SGD Observatory: RMSProp's reshuffling correction c(a, K) = V_finite-data / (V_iid A), A = SGD's\n")
                .append("# reshuffling factor at the mean-field rate (see RmsPropReshuffling).\n")
                .append("format rmsprop-reshuffling-correction 1\n")
                .append("meta command benchmarks/run-rmsprop-reshuffling-study.sh --write <file>\n")
                .append("meta seed ").append(seed).append('\n')
                .append("meta reference finite-data simulation: n = K B examples, fixed Gaussian per-example noises,"
                        + " a new permutation per chain and epoch; DL4J RmsProp lr = 1, rho = 0.95, eps = 1e-8, h = a;"
                        + " " + CHAINS + " chains in 32 groups; max(400 K, 60/a_min) recorded steps after"
                        + " 10/a_min + 20/(1 - rho) + 2K\n")
                .append("meta batch-size ").append(BATCH).append('\n')
                .append("meta iid RmsPropStationaryTable.shipped() (its Monte Carlo error is in each node's SE)\n")
                .append("meta sim-core ").append(provenance).append('\n')
                .append("meta generated ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n')
                .append("meta validation ").append(validation).append('\n')
                .append("meta ").append(RmsPropStationaryTable.INTERPOLATION_ERROR_BOUND).append(' ').append(bound)
                .append('\n')
                .append("axis batches-per-epoch");
        for (int k : K_GRID) {
            t.append(' ').append(k);
        }
        t.append("\naxis scaled-step");
        for (double v : a) {
            t.append(String.format(Locale.ROOT, " %.10g", v));
        }
        t.append("\n# node iK ia correction relativeSE\n");
        for (int ik = 0; ik < K_GRID.length; ik++) {
            for (int ia = 0; ia < a.length; ia++) {
                t.append(String.format(Locale.ROOT, "node %d %d %.5f %.3e%n", ik, ia, c[ik][ia], se[ik][ia]));
            }
        }
        return t.toString();
    }

    /** {median, max} of |pred/sim - 1| with the correction, then without it. */
    private static double[] validate(RmsPropReshuffling correction, RmsPropStationaryTable table, int points, long seed,
            ExecutorService pool) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        double[] a = aGrid();
        List<int[]> kb = new ArrayList<>();
        List<Double> as = new ArrayList<>();
        List<Future<Estimate[]>> runs = new ArrayList<>();
        while (kb.size() < points) {
            int k = (int) Math.round(2 * Math.pow(32, random.nextDouble()));
            if (Arrays.stream(K_GRID).anyMatch(g -> g == k)) {
                continue;
            }
            int batch = random.nextBoolean() ? 8 : 32;
            double ai = a[0] * Math.pow(a[a.length - 1] / a[0], random.nextDouble());
            kb.add(new int[] {k, batch});
            as.add(ai);
            long s = seed * 1000 + kb.size();
            runs.add(pool.submit(() -> finiteData(k, batch, new double[] {ai}, s)));
        }
        double[] with = new double[points];
        double[] without = new double[points];
        System.out.println("\n| K | B | a | finite-data sim (rel SE) | table x A x c | pred/sim | A alone: pred/sim |");
        System.out.println("|--:|--:|--:|--:|--:|--:|--:|");
        for (int n = 0; n < points; n++) {
            int k = kb.get(n)[0];
            int batch = kb.get(n)[1];
            double ai = as.get(n);
            Estimate sim = runs.get(n).get()[0];
            RmsPropStationaryTable.Lookup pred = correction.lookup(1, ai, 1, RHO, EPSILON, k, batch);
            double predicted = ((Prediction.Stationary) pred.prediction()).variance();
            double plain = table.predict(1, ai, 1, RHO, EPSILON).stationaryVariance().orElseThrow()
                    * RmsPropReshuffling.sgdFactor(1, ai, 1, EPSILON, k, batch);
            with[n] = Math.abs(predicted / sim.value() - 1);
            without[n] = Math.abs(plain / sim.value() - 1);
            System.out.printf(Locale.ROOT, "| %d | %d | %.4g | %.4g (%.2f%%) | %.4g | %.4f | %.4f |%n", k, batch, ai,
                    sim.value(), 100 * sim.relativeStandardError(), predicted, predicted / sim.value(),
                    plain / sim.value());
        }
        Arrays.sort(with);
        Arrays.sort(without);
        return new double[] {with[points / 2], with[points - 1], without[points / 2], without[points - 1]};
    }
}
