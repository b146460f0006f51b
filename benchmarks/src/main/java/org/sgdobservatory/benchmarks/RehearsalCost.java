package org.sgdobservatory.benchmarks;

import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdobservatory.listener.ObservatoryListener;

/**
 * What the listener's rehearsal costs training: a network trains with the observatory attached, its window opening
 * after {@value #WARM_UP} warm-up iterations, with the rehearsal on or off; the iterations done in the
 * {@value #SECONDS} seconds after the window opened are counted (the rehearsal, when on, runs in that time beside
 * them). No eigen-directions, so that nothing else starts with the window. One network and setting per JVM, fresh,
 * as a user's first window is; ND4J's threads as the JVM's environment sets them (by default every core).
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.sgdobservatory.benchmarks.RehearsalCost digits|wide on|off}, which
 * prints {@code ROW network on|off iterations seconds}; alternate the settings over fresh JVMs.
 */
final class RehearsalCost {

    private static final int WARM_UP = 100;
    private static final double SECONDS = 8;

    private RehearsalCost() {
    }

    public static void main(String[] args) {
        BenchNetwork bench = BenchNetwork.named(List.of(args[0])).get(0);
        boolean rehearse = args[1].equals("on");
        MultiLayerNetwork net = bench.factory().get();
        ObservatoryListener.builder().startAtIteration(WARM_UP).directions(0).rehearse(rehearse).build()
                .attachTo(net);
        List<DataSet> batches = bench.batches();
        int i = 0;
        for (; i < WARM_UP; i++) {
            net.fit(batches.get(i % batches.size()));
        }
        long t0 = System.nanoTime();
        int done = 0;
        while (System.nanoTime() - t0 < SECONDS * 1e9) {
            net.fit(batches.get(i++ % batches.size()));
            done++;
        }
        System.out.printf(Locale.ROOT, "ROW\t%s\t%s\t%d\t%.3f%n", args[0], args[1], done,
                (System.nanoTime() - t0) / 1e9);
    }
}
