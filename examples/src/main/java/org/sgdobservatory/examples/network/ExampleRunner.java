package org.sgdobservatory.examples.network;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.examples.data.LabelledData;
import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.listener.ObservatoryConfig;
import org.sgdobservatory.listener.ObservatoryListener;
import org.sgdobservatory.listener.predict.SimCorePredictor;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.sim.simulation.SimulationProgress;

/**
 * Trains one example with one optimizer, observes the last {@code windowIterations} iterations with the
 * {@link ObservatoryListener} (data order stated, probes on the whole training set), and returns the run as the
 * example report's {@link ExampleReport.Run} with the findings of the example's exact reference answer, if it has
 * one. Stateless; each call builds its own network.
 */
public final class ExampleRunner {

    private static final int LOSS_CURVE_POINTS = 500;

    private ExampleRunner() {
    }

    /**
     * One run.
     *
     * @param run the run as the example report holds it (settings, training, the listener's report)
     * @param findings findings of the example's exact reference answer, each message starting with the run's label
     *     (empty when the example has no reference answer)
     */
    public record Outcome(ExampleReport.Run run, List<Finding> findings) {
        /** Copies. */
        public Outcome {
            Objects.requireNonNull(run, "run");
            findings = List.copyOf(findings);
        }
    }

    /**
     * Where the listener serves its live view during a run ({@code ObservatoryListener.Builder.liveView}), and whom
     * to tell its address once it listens.
     *
     * @param address the address to bind, e.g. {@code 127.0.0.1}
     * @param port the port, 0 for any free one
     * @param started told the page's address when the listener starts serving (before training)
     */
    public record Serving(String address, int port, Consumer<URI> started) {
        /** Validates. */
        public Serving {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(started, "started");
        }
    }

    /**
     * Runs the example without a live view.
     *
     * @see #run(Example, LabelledData.Split, RunSettings, Function, Optional)
     */
    public static Outcome run(Example example, LabelledData.Split split, RunSettings settings,
            Function<String, SimulationProgress> bars) {
        return run(example, split, settings, bars, Optional.empty());
    }

    /**
     * Runs the example. With a live view, the listener serves it from before training until the run's report
     * exists, and stops serving when this method returns (so that the next run can serve on the same port).
     *
     * @param example what to train
     * @param split its data
     * @param settings hyperparameters
     * @param bars progress bars by label ({@code SimulationProgress.NONE} for none)
     * @param live where the listener serves its live view, if anywhere
     * @throws IllegalArgumentException when the window does not fit into training (names {@code --window}); an
     *     {@code ObservatorySetupException} caused by an {@link java.io.IOException} when the live view cannot bind
     */
    public static Outcome run(Example example, LabelledData.Split split, RunSettings settings,
            Function<String, SimulationProgress> bars, Optional<Serving> live) {
        LabelledData train = split.train();
        Plan plan = plan(settings, train.rows());
        long observable = plan.observableIterations();
        Progress progress = new Progress(plan.totalIterations(), bars.apply("[" + settings.label() + "] training"),
                bars.apply("[" + settings.label() + "] probes + predictions"));
        long t0 = System.nanoTime();
        ObservatoryConfig.Builder builder = ObservatoryListener.builder()
                .startAtIteration((int) (observable - settings.windowIterations()))
                .windowIterations(settings.windowIterations())
                .dataOrder(settings.dataOrder())
                .memoryBudgetMegabytes(settings.trackingMegabytes())
                .seed(settings.seed())
                .probeData(train.toDataSet(DataType.DOUBLE))
                .perExampleGradients(Math.min(train.rows(), 512))
                .expectedTrainingIterations(observable)
                .predictor(settings.simulateRmsProp() ? new SimCorePredictor() : new MeanFieldRmsPropPredictor());
        live.ifPresent(l -> builder.liveView(l.port()).liveViewAddress(l.address()));
        try (ObservatoryListener observatory = builder.build()) {
            observatory.liveViewUri().ifPresent(uri -> live.ifPresent(l -> l.started().accept(uri)));
            return train(example, split, settings, plan, progress, observatory, t0);
        }
    }

    private static Outcome train(Example example, LabelledData.Split split, RunSettings settings, Plan plan,
            Progress progress, ObservatoryListener observatory, long t0) {
        LabelledData train = split.train();
        MinibatchIterator iterator = new MinibatchIterator(train, settings.batchSize(), settings.dataOrder(),
                settings.seed() + 1);
        long total = plan.totalIterations();
        int warmEpochs = plan.warmStartEpochs();
        MultiLayerNetwork net = new MultiLayerNetwork(example.network(train.task(), train.featureCount(),
                train.outputCount(), settings.updater(), settings.weightDecay(), settings.seed()));
        net.init();
        if (warmEpochs > 0) {
            MultiLayerNetwork warm = new MultiLayerNetwork(example.network(train.task(), train.featureCount(),
                    train.outputCount(), new Sgd(example.defaults().sgdLearningRate()), settings.weightDecay(),
                    settings.seed()));
            warm.init();
            warm.setListeners(progress);
            warm.fit(iterator, warmEpochs);
            net.setParams(warm.params());
        }
        net.setListeners(progress);
        observatory.attachTo(net);
        net.fit(iterator, settings.epochs() - warmEpochs);
        ObservatoryReport report = observatory.report();
        progress.finished();
        double seconds = (System.nanoTime() - t0) / 1e9;

        Optional<ExampleReport.WarmStart> warmStart = warmEpochs > 0
                ? Optional.of(new ExampleReport.WarmStart(warmEpochs, example.defaults().sgdLearningRate()))
                : Optional.empty();
        ExampleReport.Settings recorded = new ExampleReport.Settings(settings.learningRate(), settings.batchSize(),
                settings.epochs(), settings.windowIterations(), settings.dataOrder(), settings.weightDecay(),
                settings.seed(), settings.optimizerParameters(), warmStart);
        ExampleReport.Training training = new ExampleReport.Training(total, settings.epochs(),
                seconds - progress.reportSeconds(), progress.reportSeconds(),
                new ExampleReport.LossCurve(progress.curveIterations, progress.curveLosses), metrics(net, split));
        ExampleReport.Run run = new ExampleReport.Run(settings.label(), settings.optimizer().cliName(), recorded,
                training, report);
        List<Finding> findings = example.reference().map(r -> r.compare(train, settings, report)).orElse(List.of())
                .stream().map(f -> new Finding(f.severity(), f.code(), settings.label() + " run: " + f.message(),
                        f.reference())).toList();
        return new Outcome(run, findings);
    }

    /**
     * How a run splits into iterations, checked before anything trains.
     *
     * @param batchesPerEpoch {@code floor(n/B)}
     * @param totalIterations {@code epochs x batchesPerEpoch}
     * @param warmStartEpochs epochs of plain SGD (example's SGD rate) before the {@code eta'/sigma^2} rule; 0
     *     for other optimizers
     * @param observableIterations iterations of the network the listener observes (after the warm start)
     */
    public record Plan(int batchesPerEpoch, long totalIterations, int warmStartEpochs, long observableIterations) {
    }

    /** Iterations the {@code eta'/sigma^2} rule runs before the window: about 2/(1-beta) steps of EMA memory. */
    static final int VARNORM_SETTLING_ITERATIONS = 2000;

    /**
     * The run's plan. The {@code eta'/sigma^2} rule estimates sigma^2 from the gradients it sees, which early in
     * training measure the descent, not the noise; so it is warm-started with SGD, and runs itself only for the
     * window plus {@value #VARNORM_SETTLING_ITERATIONS} iterations (rounded up to epochs; no warm start when the
     * epochs do not leave room).
     *
     * @param trainRows training examples
     * @throws IllegalArgumentException naming {@code --batch} or {@code --window} when the run cannot work
     */
    public static Plan plan(RunSettings s, int trainRows) {
        if (!(s.batchSize() >= 1 && s.batchSize() <= trainRows)) {
            throw new IllegalArgumentException("--batch " + s.batchSize() + " must be between 1 and the " + trainRows
                    + " training examples");
        }
        int k = trainRows / s.batchSize();
        long total = (long) k * s.epochs();
        int warm = 0;
        if (s.optimizer() == OptimizerKind.VARNORM) {
            long ruleEpochs = (s.windowIterations() + VARNORM_SETTLING_ITERATIONS + k - 1) / k;
            warm = (int) Math.max(0, s.epochs() - ruleEpochs);
        }
        long observable = (long) k * (s.epochs() - warm);
        if (!(s.windowIterations() < observable)) {
            throw new IllegalArgumentException("--window " + s.windowIterations() + " must be shorter than the "
                    + observable + " training iterations with " + s.label() + " (" + (s.epochs() - warm)
                    + " epochs x " + k + " minibatches of " + s.batchSize() + "); raise --epochs or lower --window");
        }
        return new Plan(k, total, warm, observable);
    }

    /** Train and test accuracy (classification) or MSE (regression), by the names the report uses. */
    private static Map<String, Double> metrics(MultiLayerNetwork net, LabelledData.Split split) {
        if (split.train().task() == LabelledData.Task.CLASSIFICATION) {
            return Map.of("trainAccuracy", accuracy(net, split.train()), "testAccuracy", accuracy(net, split.test()));
        }
        return Map.of("trainMse", mse(net, split.train()), "testMse", mse(net, split.test()));
    }

    private static double accuracy(MultiLayerNetwork net, LabelledData data) {
        INDArray out = net.output(Nd4j.createFromArray(data.features()).castTo(DataType.FLOAT));
        INDArray predicted = out.argMax(1);
        INDArray actual = Nd4j.createFromArray(data.targets()).argMax(1);
        return predicted.eq(actual).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }

    private static double mse(MultiLayerNetwork net, LabelledData data) {
        INDArray out = net.output(Nd4j.createFromArray(data.features()).castTo(DataType.FLOAT))
                .castTo(DataType.DOUBLE);
        INDArray diff = out.subi(Nd4j.createFromArray(data.targets()));
        return diff.muli(diff).meanNumber().doubleValue();
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
