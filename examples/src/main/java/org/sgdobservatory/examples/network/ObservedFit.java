package org.sgdobservatory.examples.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.examples.data.LabelledData;
import org.sgdobservatory.listener.ObservatoryBuilder;
import org.sgdobservatory.listener.ObservatoryListener;
import org.sgdobservatory.listener.predict.SimCorePredictor;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.sim.simulation.SimulationProgress;

/**
 * Trains a network ({@code MultiLayerNetwork} or {@code ComputationGraph}) for some epochs with the
 * {@link ObservatoryListener} observing the last {@code windowIterations} of them (data order stated, probes on the
 * whole training set), with a progress bar, the loss curve and the wall time: what {@code run} does with a fresh
 * example network and {@code attach} with a saved one.
 *
 * <p>Life cycle: create it when the run starts (its clock starts), optionally train a warm-start network with
 * {@link #progress()} as its listener, then call {@link #observe} once. Not thread-safe.
 */
public final class ObservedFit {

    private static final int LOSS_CURVE_POINTS = 500;

    private final Progress progress;
    private final long started = System.nanoTime();

    /**
     * What the observed training gave.
     *
     * @param report the listener's report
     * @param lossCurve the training loss (warm start included), at most about 500 points
     * @param trainingSeconds wall time from creation to the window's end
     * @param observatorySeconds wall time from the window's end to the report (probes, predictions, judgement)
     */
    public record Result(ObservatoryReport report, ExampleReport.LossCurve lossCurve, double trainingSeconds,
                         double observatorySeconds) {
    }

    /**
     * @param totalIterations every iteration the run will train, warm start included
     * @param label the run's label, shown on its progress bars
     * @param bars progress bars by label ({@code SimulationProgress.NONE} for none)
     */
    public ObservedFit(long totalIterations, String label, Function<String, SimulationProgress> bars) {
        this.progress = new Progress(totalIterations, bars.apply("[" + label + "] training"),
                bars.apply("[" + label + "] probes + predictions"));
    }

    /** The listener that advances the progress bar and records the loss curve (for a warm-start network). */
    public TrainingListener progress() {
        return progress;
    }

    /**
     * Trains {@code net} for {@code epochs} epochs of {@code iterator}, the listener observing the last
     * {@code observation.windowIterations()} of its {@code observableIterations} iterations. Replaces the network's
     * listeners.
     *
     * @param train the training table (the probes' data)
     * @throws IllegalArgumentException when the listener rejects the network or a setting
     */
    public Result observe(Model net, DataSetIterator iterator, LabelledData train, Observation observation,
            int epochs, long observableIterations) {
        return observe(net, iterator, train, observation, epochs, observableIterations, Optional.empty());
    }

    /**
     * As {@link #observe(Model, DataSetIterator, LabelledData, Observation, int, long)}, the listener serving its live
     * view from before the observed training until the report exists when {@code live} says where.
     */
    public Result observe(Model net, DataSetIterator iterator, LabelledData train, Observation observation,
            int epochs, long observableIterations, Optional<ExampleRunner.Serving> live) {
        net.setListeners(progress);
        ObservatoryBuilder builder = ObservatoryListener.builder()
                .startAtIteration((int) (observableIterations - observation.windowIterations()))
                .windowIterations(observation.windowIterations())
                .dataOrder(observation.dataOrder())
                .memoryBudgetMegabytes(observation.trackingMegabytes())
                .seed(observation.seed())
                .probeData(train.toDataSet(DataType.DOUBLE))
                .perExampleGradients(Math.min(train.rows(), 512))
                // a fixed stride: the automatic one is timed on this machine, and a seed's numbers should not be
                .directionsEvery(1)
                .expectedTrainingIterations(observableIterations)
                .predictor(observation.simulateRmsProp() ? new SimCorePredictor() : new MeanFieldRmsPropPredictor());
        live.ifPresent(l -> builder.liveView(l.port()).liveViewAddress(l.address()));
        ObservatoryReport report;
        try (ObservatoryListener observatory = builder.build()) {
            observatory.liveViewUri().ifPresent(uri -> live.ifPresent(l -> l.started().accept(uri)));
            observatory.attachTo(net);
            fit(net, iterator, epochs);
            report = observatory.report();
        }
        progress.finished();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(report, new ExampleReport.LossCurve(progress.curveIterations, progress.curveLosses),
                seconds - progress.reportSeconds(), progress.reportSeconds());
    }

    /** {@code fit(iterator, epochs)} of a {@code MultiLayerNetwork} or a {@code ComputationGraph}. */
    public static void fit(Model net, DataSetIterator iterator, int epochs) {
        if (net instanceof MultiLayerNetwork mln) {
            mln.fit(iterator, epochs);
        } else if (net instanceof ComputationGraph graph) {
            graph.fit(iterator, epochs);
        } else {
            throw new IllegalArgumentException("only a MultiLayerNetwork or a ComputationGraph can be trained, not a "
                    + net.getClass().getSimpleName());
        }
    }

    /**
     * The network's accuracy (classification: the arg max of output and target agree) or mean squared error
     * (regression) on {@code data}, by the report's names: {@code <split>Accuracy} or {@code <split>Mse}.
     *
     * @param split e.g. {@code train} or {@code test}
     */
    public static Map<String, Double> metrics(Model net, LabelledData data, String split) {
        INDArray out = output(net, Nd4j.createFromArray(data.features()).castTo(net.params().dataType()))
                .castTo(DataType.DOUBLE);
        INDArray targets = Nd4j.createFromArray(data.targets());
        if (data.task() == LabelledData.Task.CLASSIFICATION) {
            return Map.of(split + "Accuracy", out.argMax(1).eq(targets.argMax(1)).castTo(DataType.DOUBLE).meanNumber()
                    .doubleValue());
        }
        INDArray diff = out.subi(targets);
        return Map.of(split + "Mse", diff.muli(diff).meanNumber().doubleValue());
    }

    /** The network's output in inference mode (a graph's single output). */
    private static INDArray output(Model net, INDArray features) {
        if (net instanceof ComputationGraph graph) {
            return graph.outputSingle(false, features);
        }
        return ((MultiLayerNetwork) net).output(features, false);
    }

    /**
     * Training progress and loss curve, registered before the observatory listener so that at the last iteration
     * its bar completes and the probe bar starts before the observatory finalises in the same callback.
     */
    private static final class Progress extends BaseTrainingListener {
        private final long total;
        private final SimulationProgress trainingBar;
        private final SimulationProgress reportBar;
        private final long thin;
        private final List<Long> curveIterations = new ArrayList<>();
        private final List<Double> curveLosses = new ArrayList<>();
        private long done;
        private long reportStarted;
        private double reportSeconds = Double.NaN;

        Progress(long total, SimulationProgress trainingBar, SimulationProgress reportBar) {
            this.total = total;
            this.trainingBar = trainingBar;
            this.reportBar = reportBar;
            this.thin = Math.max(1, total / LOSS_CURVE_POINTS);
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            done++;
            if (done % thin == 0 || done == total) {
                curveIterations.add(done);
                curveLosses.add(model.score());
            }
            trainingBar.onStep((int) Math.min(done, total), (int) total);
            if (done == total) {
                reportStarted = System.nanoTime();
                reportBar.onStep(0, 1);
            }
        }

        void finished() {
            if (reportStarted > 0) {
                reportSeconds = (System.nanoTime() - reportStarted) / 1e9;
            }
            reportBar.onStep(1, 1);
        }

        double reportSeconds() {
            return reportSeconds;
        }
    }
}
