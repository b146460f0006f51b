package org.sgdobservatory.benchmarks;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A listener that hands every callback to another and adds up the time spent inside them: the listener's own cost per
 * iteration, read directly rather than as the difference of two noisy training times. It does not see what the
 * listener costs outside its callbacks (the caches it displaces, the garbage it leaves, a background thread); the
 * interleaved training times do. The clock is {@link System#nanoTime()} (tens of nanoseconds a read), not the thread's
 * CPU clock: reading that is a system call, and with two reads per callback the decorator of a listener that does
 * nothing cost 1.5% of a digits MLP iteration in training-thread CPU time. A callback of microseconds on the training
 * thread is rarely descheduled, so its wall time is its CPU time; when it is, the figure errs high. Not thread-safe.
 */
final class TimedListener implements TrainingListener {

    private final TrainingListener inner;
    private long insideNanos;

    TimedListener(TrainingListener inner) {
        this.inner = inner;
    }

    /** Nanoseconds spent inside the wrapped listener's callbacks so far. */
    long insideNanos() {
        return insideNanos;
    }

    private void timed(Runnable callback) {
        long t0 = System.nanoTime();
        callback.run();
        insideNanos += System.nanoTime() - t0;
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
