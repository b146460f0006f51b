package org.sgdobservatory.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

import org.sgdobservatory.listener.sample.TrackingPlan;
import org.sgdobservatory.listener.stats.BatchMeansTau;
import org.sgdobservatory.listener.stats.BlockMeans;
import org.sgdobservatory.listener.stats.MultiLevelBatchMeans;
import org.sgdobservatory.listener.stats.TraceDiagnostics;
import org.sgdobservatory.listener.stats.TraceMoments;

/**
 * What the listener's per-parameter bytes buy: the block capacity of {@link TraceMoments} (the 2 x 66 FLOAT block sums
 * are 528 of the 644 bytes per tracked parameter) against the precision of the autocorrelation time and the
 * size and power of the drift test, on simulated AR(1) chains observed as the listener observes at its defaults
 * (open window: the block length starts at 1 and doubles whenever the capacity fills). Windows of 5000, 6000,
 * 7000 and 8000 samples are pooled, so every phase of the doubling is represented (the number of closed blocks
 * cycles between half the capacity and the capacity). The figures in
 * BENCHMARKS.md#why-not-64-bytes-per-tracked-parameter come from it; run with
 * {@code java -cp benchmarks/target/benchmarks.jar org.sgdobservatory.benchmarks.TraceMemoryDesign}
 * (about two minutes). Not thread-safe.
 */
public final class TraceMemoryDesign {

    private static final int[] WINDOWS = {5000, 6000, 7000, 8000};
    private static final int[] CAPACITIES = {66, 48, 40, 32, 24, 16};
    private static final double DRIFT_Z = 3.29;

    private TraceMemoryDesign() {
    }

    /** Runs the sweep; optional argument: chains per window (default 500). */
    public static void main(String[] args) {
        int chains = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        System.out.printf(Locale.ROOT, "%d chains per window, windows %s, open-window block layout%n%n", chains,
                Arrays.toString(WINDOWS));
        System.out.println("| block capacity | bytes per tracked parameter | tau 20: resolved, within 3 SE,"
                + " median abs rel error | tau 200: resolved, within 3 SE, median abs rel error | drift test"
                + " available | false positives tau 20 / tau 600 (theory floor) |"
                + " power: drift 2 sd / transient 100 sd |");
        System.out.println("|--:|--:|---|---|--:|---|---|");
        for (int capacity : CAPACITIES) {
            TauFigures t20 = tauFigures(capacity, 20, chains);
            TauFigures t200 = tauFigures(capacity, 200, chains);
            DriftFigures fp20 = drift(capacity, 20, Double.NaN, chains, t -> 0, 0);
            DriftFigures fp600 = drift(capacity, 600, 600, chains, t -> 0, 0);
            DriftFigures linear = drift(capacity, 20, 20, chains / 2, null, 2);
            DriftFigures decay = drift(capacity, 20, 20, chains / 2, t -> 100 * Math.exp(-t / 10.0), 0);
            long bytes = TraceMoments.bytesPerParameter(capacity) + TrackingPlan.SAMPLE_BUFFER_BYTES + 12;
            System.out.printf(Locale.ROOT, "| %d | %d | %s | %s | %.1f%% | %s / %s | %s / %s |%n", capacity, bytes,
                    t20, t200, 100.0 * fp20.available / fp20.chains, fp20.rate(), fp600.rate(), linear.rate(),
                    decay.rate());
        }
    }

    /** Resolved share, share of resolved estimates within 3 reported SE, median |tau_hat/tau - 1| of resolved. */
    private record TauFigures(int chains, int resolved, int within, double medianError) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f%%, %.1f%%, %.3f", 100.0 * resolved / chains,
                    100.0 * within / Math.max(1, resolved), medianError);
        }
    }

    /** Flagged share |z| > 3.29 among all chains, and how many chains had a drift test at all. */
    private record DriftFigures(int chains, int available, int flagged) {
        String rate() {
            return String.format(Locale.ROOT, "%.2f%%", 100.0 * flagged / chains);
        }
    }

    private static TauFigures tauFigures(int capacity, double tau, int chains) {
        int total = 0;
        int resolved = 0;
        int within = 0;
        double[] errors = new double[chains * WINDOWS.length];
        for (int w : WINDOWS) {
            TraceMoments m = feed(capacity, w, tau, chains, 31 * w + (long) tau, t -> 0);
            BlockMeans blocks = m.blockMeans();
            double[] var = m.varianceTheta();
            for (int p = 0; p < chains; p++) {
                total++;
                BatchMeansTau t = MultiLevelBatchMeans.tau(blocks, p, var[p]);
                if (t.resolved()) {
                    errors[resolved++] = Math.abs(t.tau() / tau - 1);
                    if (Math.abs(t.tau() - tau) <= 3 * t.standardError()) {
                        within++;
                    }
                }
            }
        }
        double[] e = Arrays.copyOf(errors, resolved);
        Arrays.sort(e);
        return new TauFigures(total, resolved, within, resolved == 0 ? Double.NaN : e[resolved / 2]);
    }

    /**
     * Drift flags on chains with the given trend ({@code linearSd > 0}: a linear drift of that many stationary
     * standard deviations over each window).
     */
    private static DriftFigures drift(int capacity, double tau, double predictedTau, int chains,
                                      IntToDoubleFunction trend, double linearSd) {
        int total = 0;
        int available = 0;
        int flagged = 0;
        for (int w : WINDOWS) {
            IntToDoubleFunction f = trend != null ? trend : t -> linearSd * t / w;
            TraceMoments m = feed(capacity, w, tau, chains, 17 * w + 7 * (long) tau + (long) linearSd, f);
            BlockMeans blocks = m.blockMeans();
            double[] var = m.varianceTheta();
            for (int p = 0; p < chains; p++) {
                total++;
                double z = TraceDiagnostics.gewekeZ(blocks, p, var[p], predictedTau);
                if (!Double.isNaN(z)) {
                    available++;
                }
                if (Math.abs(z) > DRIFT_Z) {
                    flagged++;
                }
            }
        }
        return new DriftFigures(total, available, flagged);
    }

    /** Stationary unit-variance AR(1) chains with the given tau plus a trend, observed {@code n} times. */
    private static TraceMoments feed(int capacity, int n, double tau, int chains, long seed,
                                     IntToDoubleFunction trend) {
        double r = (tau - 1) / (tau + 1);
        double s = Math.sqrt(1 - r * r);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[chains];
        for (int p = 0; p < chains; p++) {
            x[p] = gaussian(rnd);
        }
        TraceMoments m = new TraceMoments(chains, 1, capacity);
        double[] zero = new double[chains];
        double[] row = new double[chains];
        for (int t = 0; t < n; t++) {
            double shift = trend.applyAsDouble(t);
            for (int p = 0; p < chains; p++) {
                row[p] = x[p] + shift;
                x[p] = r * x[p] + s * gaussian(rnd);
            }
            m.add(row, zero);
        }
        return m;
    }

    /** A standard normal by Marsaglia's polar method (SplittableRandom has no nextGaussian in Java 17). */
    private static double gaussian(SplittableRandom rnd) {
        double u;
        double v;
        double q;
        do {
            u = 2 * rnd.nextDouble() - 1;
            v = 2 * rnd.nextDouble() - 1;
            q = u * u + v * v;
        } while (q >= 1 || q == 0);
        return u * Math.sqrt(-2 * Math.log(q) / q);
    }
}
