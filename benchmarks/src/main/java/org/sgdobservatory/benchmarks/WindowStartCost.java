package org.sgdobservatory.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdobservatory.listener.ObservatoryBuilder;
import org.sgdobservatory.listener.ObservatoryListener;

/**
 * What the work the listener starts beside training when its window opens costs training: a network trains with the
 * observatory attached (a report file, no eigen-directions, so that nothing else starts with the window), its window
 * opening after {@value #WARM_UP} warm-up iterations; the iterations done in the first {@value #SHORT} and
 * {@value #SECONDS} seconds after the window opened are counted. The settings: {@code off} (one thread for the
 * window's end, so neither the report's warm-up nor the rehearsal starts), {@code warm-up} (the default: the report's
 * warm-up where the window's end has a second thread) and {@code rehearsal} ({@code rehearse(true)}). One network and
 * setting per JVM, fresh, as a user's first window is; ND4J's threads as the JVM's environment sets them (by default
 * every core).
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.sgdobservatory.benchmarks.WindowStartCost digits|wide
 * off|warm-up|rehearsal}, which prints {@code ROW network setting iterations-in-short iterations seconds}; alternate
 * the settings over fresh JVMs.
 */
final class WindowStartCost {

    private static final int WARM_UP = 100;
    private static final double SHORT = 3;
    private static final double SECONDS = 8;

    private WindowStartCost() {
    }

    public static void main(String[] args) throws Exception {
        BenchNetwork bench = BenchNetwork.named(List.of(args[0])).get(0);
        String setting = args[1];
        Path dir = Files.createTempDirectory("window-start-cost-");
        ObservatoryBuilder builder = ObservatoryListener.builder().startAtIteration(WARM_UP).windowIterations(1 << 20)
                .directions(0).reportFile(dir.resolve("report.json"));
        switch (setting) {
            case "off" -> builder.probeThreads(1);
            case "warm-up" -> builder.rehearse(false);
            case "rehearsal" -> builder.rehearse(true);
            default -> throw new IllegalArgumentException("off, warm-up or rehearsal, not " + setting);
        }
        MultiLayerNetwork net = bench.factory().get();
        builder.build().attachTo(net);
        List<DataSet> batches = bench.batches();
        int i = 0;
        for (; i < WARM_UP; i++) {
            net.fit(batches.get(i % batches.size()));
        }
        long t0 = System.nanoTime();
        int done = 0;
        int early = -1;
        while (System.nanoTime() - t0 < SECONDS * 1e9) {
            net.fit(batches.get(i++ % batches.size()));
            done++;
            if (early < 0 && System.nanoTime() - t0 >= SHORT * 1e9) {
                early = done;
            }
        }
        System.out.printf(Locale.ROOT, "ROW\t%s\t%s\t%d\t%d\t%.3f%n", args[0], setting, early, done,
                (System.nanoTime() - t0) / 1e9);
    }
}
