package org.sgdobservatory.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdobservatory.listener.ObservatoryListener;
import org.sgdobservatory.report.model.ListenerCost;

/**
 * BENCHMARKS.md#memory: memory held by the observatory on the wide MLP, measured from outside the listener and
 * compared with what its report states. The network is warmed up (its workspaces allocated) before the
 * listener is attached; after 80 observed iterations (so that every one of the 66 block rows, allocated as blocks
 * close, exists) the heap (after GC) and the native memory are compared with the values before. The statistics
 * live on the heap (TraceMoments), so the heap's growth is the measured figure. Off-heap memory is measured as the
 * growth of the process's resident set ({@code Pointer.physicalBytes()}, from /proc): ND4J 1.0.0-M2.1 allocates its
 * buffers natively, outside JavaCPP's own count ({@code Pointer.totalBytes()}, also printed, stays 0); the peak is the
 * largest resident set seen after any observed iteration. The listener runs
 * without probes here (no probe reservoir: its minibatch copies are a fixed 64 minibatches, reported apart);
 * its report is then built with probes off (cheap). Not thread-safe.
 */
final class ListenerMemory {

    /**
     * One measured configuration.
     *
     * @param label configuration
     * @param cost the listener's own statement (tracked parameters, bytes per parameter, bytes held)
     * @param nativeDelta growth of JavaCPP's allocated bytes after GC (ND4J's buffers are not counted there)
     * @param rssPeakDelta peak growth of the resident set during the observed iterations
     * @param rssDelta growth of the resident set after GC
     * @param heapDelta growth of the used heap after GC
     * @param budgetBytes the memory budget in bytes
     */
    record Row(String label, ListenerCost cost, long nativeDelta, long rssPeakDelta, long rssDelta,
               long heapDelta, long budgetBytes) {
        /** Heap growth after GC per tracked parameter (the statistics are Java arrays). */
        double measuredBytesPerTracked() {
            return (double) heapDelta / cost.trackedParameters();
        }
    }

    private ListenerMemory() {
    }

    /**
     * @param budgetMegabytes the memory budget
     * @param maxTracked the cap on tracked parameters ({@code Integer.MAX_VALUE}: the budget alone decides)
     */
    static Row measure(String label, double budgetMegabytes, int maxTracked) {
        BenchNetwork bn = BenchNetwork.wideMlp();
        MultiLayerNetwork net = bn.factory().get();
        for (int i = 0; i < 5; i++) {
            net.fit(bn.batches().get(i % bn.batches().size()));
        }
        settle();
        long native0 = Pointer.totalBytes();
        long rss0 = Pointer.physicalBytes();
        long heap0 = heapUsed();
        // without the rehearsal: its copy is transient and on another thread, not the listener's per-parameter memory
        ObservatoryListener obs = ObservatoryListener.builder().startAtIteration(0).probes().rehearse(false)
                .memoryBudgetMegabytes(budgetMegabytes).maxTrackedParameters(maxTracked).build().attachTo(net);
        long peak = rss0;
        for (int i = 0; i < 80; i++) {
            DataSet d = bn.batches().get(i % bn.batches().size());
            net.fit(d);
            peak = Math.max(peak, Pointer.physicalBytes());
        }
        settle();
        long native1 = Pointer.totalBytes();
        long rss1 = Pointer.physicalBytes();
        long heap1 = heapUsed();
        ListenerCost cost = obs.report().cost();
        Row row = new Row(label, cost, native1 - native0, peak - rss0, rss1 - rss0, heap1 - heap0,
                (long) (budgetMegabytes * 1024 * 1024));
        System.err.printf(Locale.ROOT, "  memory: %s done%n", label);
        return row;
    }

    private static long heapUsed() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        return m.getHeapMemoryUsage().getUsed();
    }

    private static void settle() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
