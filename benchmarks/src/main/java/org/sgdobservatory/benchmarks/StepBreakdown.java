package org.sgdobservatory.benchmarks;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.RandomStreams;
import org.sgdobservatory.sim.simulation.Simulation;
import org.sgdobservatory.sim.stats.StreamingMoments;

/**
 * Where a sim-core SGD step of separate whole-array operations spends its time: replays, through
 * sim-core's public API and on buffers of the same shape, the operations {@code Simulation.run()}'s
 * general path performs per step for
 * {@code NoisyGradient(QuadraticLandscape.diagonal(h), GaussianNoise.diagonal(s2))} with {@code Sgd}
 * ({@code RandomStreams.fillStandardNormal}; {@code muliRowVector} by the noise standard deviation;
 * {@code QuadraticLandscape.gradient(x, g)}; {@code g.addi(noise)}; {@code g.muli(eta)};
 * {@code StreamingMoments.add(x)}; {@code x.subi(g)}), timing each one separately over many steps, and
 * sets them next to the scalar loop's Gaussian draws ({@link SplittableRandom#nextGaussian()}). Since
 * sim-core's fused step ({@code FusedSgdStep}) this problem itself no longer takes that path (the main
 * table times the fused step); the general path is what other landscapes, noise models and updaters
 * use, and the FDR statistic.
 */
final class StepBreakdown {
    private StepBreakdown() {
    }

    /** Prints nanoseconds per call and per chain of every operation of a step at {@code chains} chains. */
    static void run(int chains, int steps, PrintStream out) {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, chains, 1);
        INDArray g = Nd4j.zeros(DataType.DOUBLE, chains, 1);
        INDArray noise = Nd4j.zeros(DataType.DOUBLE, chains, 1);
        INDArray sd = Nd4j.createFromArray(1.0).reshape(1, 1);
        QuadraticLandscape landscape = QuadraticLandscape.diagonal(1.0);
        StreamingMoments moments = new StreamingMoments(Simulation.groupCount(chains), 1);
        Map<String, Long> nanos = new LinkedHashMap<>();
        String[] names = {"Java Gaussian fill in parallel chunks (RandomStreams.fillStandardNormal)", "noise.muliRowVector(sd)",
            "QuadraticLandscape.gradient(x, g)", "g.addi(noise)", "Sgd: g.muli(eta)",
            "StreamingMoments.add(x)", "x.subi(g)"};
        for (String n : names) {
            nanos.put(n, 0L);
        }
        double[] plain = new double[chains];
        SplittableRandom splittable = new SplittableRandom(42);
        long javaGaussian = 0;
        try (RandomStreams random = RandomStreams.of(42)) {
            for (int pass = 0; pass < 2; pass++) { // pass 0 warms up, pass 1 is timed
                boolean timed = pass == 1;
                for (int s = 0; s < steps; s++) {
                    long t0 = System.nanoTime();
                    random.fillStandardNormal(noise);
                    long t1 = System.nanoTime();
                    noise.muliRowVector(sd);
                    long t2 = System.nanoTime();
                    landscape.gradient(x, g);
                    long t3 = System.nanoTime();
                    g.addi(noise);
                    long t4 = System.nanoTime();
                    g.muli(0.1);
                    long t5 = System.nanoTime();
                    moments.add(x);
                    long t6 = System.nanoTime();
                    x.subi(g);
                    long t7 = System.nanoTime();
                    for (int i = 0; i < chains; i++) {
                        plain[i] = splittable.nextGaussian();
                    }
                    long t8 = System.nanoTime();
                    if (timed) {
                        long[] t = {t0, t1, t2, t3, t4, t5, t6, t7};
                        for (int k = 0; k < names.length; k++) {
                            nanos.merge(names[k], t[k + 1] - t[k], Long::sum);
                        }
                        javaGaussian += t8 - t7;
                    }
                }
            }
        }
        printTable(nanos, javaGaussian, chains, steps, out);
        alternatives(chains, steps, out);
        out.println("(sink " + plain[chains / 2] + ")");
    }

    /** The step's operations as a Markdown table: ns per step and per chain, and their share. */
    private static void printTable(Map<String, Long> nanos, long javaGaussian, int chains, int steps, PrintStream out) {
        long total = nanos.values().stream().mapToLong(Long::longValue).sum();
        out.printf(Locale.ROOT, "%n## One sim-core SGD step at C=%d, %d timed steps (ns per step, ns per chain, share)%n",
                chains, steps);
        out.println("| operation | ns/step | ns/chain | share |");
        out.println("|---|---:|---:|---:|");
        for (Map.Entry<String, Long> e : nanos.entrySet()) {
            out.printf(Locale.ROOT, "| %s | %.0f | %.2f | %.1f%% |%n", e.getKey(), e.getValue() / (double) steps,
                    e.getValue() / (double) steps / chains, 100.0 * e.getValue() / total);
        }
        out.printf(Locale.ROOT, "| **sum** | %.0f | %.2f | 100%% |%n", total / (double) steps, total / (double) steps / chains);
        out.printf(Locale.ROOT, "| (for comparison) SplittableRandom.nextGaussian() into double[] | %.0f | %.2f | |%n",
                javaGaussian / (double) steps, javaGaussian / (double) steps / chains);
    }

    /**
     * Candidate replacements for the two hot spots, timed the same way: drawing the Gaussians with a
     * {@link SplittableRandom} straight into the native buffer ({@code data().asNioDouble()}, no copy),
     * and the per-group moments of a {@code chains x 1} batch reduced as a 2-D {@code groups x perGroup}
     * view (one {@code mean(1)} and one {@code var(1)}) instead of the 3-D {@code groups x perGroup x dims},
     * or as per-group sums and sums of squares by two matrix-vector products with a ones vector.
     */
    private static void alternatives(int chains, int steps, PrintStream out) {
        INDArray x = Nd4j.rand(DataType.DOUBLE, chains, 1);
        INDArray noise = Nd4j.zeros(DataType.DOUBLE, chains, 1);
        int groups = Simulation.groupCount(chains);
        SplittableRandom splittable = new SplittableRandom(7);
        long direct = 0;
        long moments3d = 0;
        long moments2d = 0;
        long momentsGemv = 0;
        INDArray ones = Nd4j.ones(DataType.DOUBLE, chains / groups, 1);
        INDArray squares = Nd4j.zeros(DataType.DOUBLE, chains, 1);
        INDArray sums = Nd4j.zeros(DataType.DOUBLE, groups, 1);
        INDArray sumSquares = Nd4j.zeros(DataType.DOUBLE, groups, 1);
        double sink = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int s = 0; s < steps; s++) {
                long t0 = System.nanoTime();
                java.nio.DoubleBuffer view = noise.data().asNioDouble();
                for (int i = 0; i < chains; i++) {
                    view.put(i, splittable.nextGaussian());
                }
                long t1 = System.nanoTime();
                INDArray g3 = x.reshape(groups, chains / groups, 1);
                sink += g3.mean(1).getDouble(0) + g3.var(false, 1).getDouble(0);
                long t2 = System.nanoTime();
                INDArray g2 = x.reshape(groups, chains / groups);
                sink += g2.mean(1).getDouble(0) + g2.var(false, 1).getDouble(0);
                long t3 = System.nanoTime();
                x.reshape(groups, chains / groups).mmul(ones, sums);
                squares.assign(x).muli(x).reshape(groups, chains / groups).mmul(ones, sumSquares);
                sink += sums.getDouble(0) + sumSquares.getDouble(0);
                long t4 = System.nanoTime();
                if (pass == 1) {
                    momentsGemv += t4 - t3;
                    direct += t1 - t0;
                    moments3d += t2 - t1;
                    moments2d += t3 - t2;
                }
            }
        }
        out.println("| (candidate) SplittableRandom.nextGaussian() into noise.data().asNioDouble() | "
                + String.format(Locale.ROOT, "%.0f | %.2f | |", direct / (double) steps, direct / (double) steps / chains));
        out.println("| (candidate) groups x perGroup x 1 view: mean(1) + var(1) | "
                + String.format(Locale.ROOT, "%.0f | %.2f | |", moments3d / (double) steps, moments3d / (double) steps / chains));
        out.println("| (candidate) groups x perGroup 2-D view: mean(1) + var(1) | "
                + String.format(Locale.ROOT, "%.0f | %.2f | |", moments2d / (double) steps, moments2d / (double) steps / chains));
        out.println("| (candidate) per-group sum and sum of squares as two gemv with a ones vector | "
                + String.format(Locale.ROOT, "%.0f | %.2f | |", momentsGemv / (double) steps, momentsGemv / (double) steps / chains));
        out.println("(sink " + (sink == 42 ? "!" : ".") + ")");
    }
}
