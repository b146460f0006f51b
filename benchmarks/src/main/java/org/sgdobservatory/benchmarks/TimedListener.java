package org.sgdobservatory.benchmarks;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A listener that hands every callback to another and adds up the calling thread's CPU time spent inside them: the
 * listener's own cost per iteration, read directly rather than as the difference of two noisy training times. It
 * does not see what the listener costs outside its callbacks (the caches it displaces, the garbage it leaves, a
 * background thread); the interleaved training times do. Each callback adds two reads of the thread's CPU clock
 * (a system call, under a microsecond each). Not thread-safe.
 */
final class TimedListener implements TrainingListener {

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private final TrainingListener inner;
    private long cpuNanos;

    TimedListener(TrainingListener inner) {
        this.inner = inner;
    }

    /** CPU nanoseconds spent inside the wrapped listener's callbacks so far. */
    long cpuNanos() {
        return cpuNanos;
    }

    private void timed(Runnable callback) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        callback.run();
        cpuNanos += THREADS.getCurrentThreadCpuTime() - c0;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        timed(() -> inner.iterationDone(model, iteration, epoch));
    }

    @Override
    public void onEpochStart(Model model) {
        timed(() -> inner.onEpochStart(model));
    }

    @Override
    public void onEpochEnd(Model model) {
        timed(() -> inner.onEpochEnd(model));
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        timed(() -> inner.onForwardPass(model, activations));
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        timed(() -> inner.onForwardPass(model, activations));
    }

    @Override
    public void onGradientCalculation(Model model) {
        timed(() -> inner.onGradientCalculation(model));
    }

    @Override
    public void onBackwardPass(Model model) {
        timed(() -> inner.onBackwardPass(model));
    }
}
