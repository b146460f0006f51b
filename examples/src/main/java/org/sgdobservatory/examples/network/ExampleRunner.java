package org.sgdobservatory.examples.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.examples.data.LabelledData;
import org.sgdobservatory.examples.json.Json;
import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.listener.DataOrder;
import org.sgdobservatory.listener.ObservatoryListener;
import org.sgdobservatory.listener.SimCorePredictor;
import org.sgdobservatory.listener.report.Finding;
import org.sgdobservatory.listener.report.GroupReport;
import org.sgdobservatory.listener.report.ObservatoryReport;
import org.sgdobservatory.listener.report.ReportWriter;
import org.sgdobservatory.sim.simulation.SimulationProgress;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Trains one example with one optimizer, observes the last {@code windowIterations} iterations with the
 * {@link ObservatoryListener} (data order stated, probes on the whole training set), and returns the run's part
 * of the example report plus a printable summary. Stateless; each call builds its own network.
 */
public final class ExampleRunner {

    private static final int LOSS_CURVE_POINTS = 500;

    private ExampleRunner() {
    }

    /**
     * One run: the {@code runs[*]} object of {@code report.json}, its summary and the reference findings.
     *
     * @param json {@code {label, optimizer, settings, training, observatory}}
     * @param summary what to print
     * @param findings findings of the example's exact reference, if any
     */
    public record Outcome(ObjectNode json, RunSummary summary, List<Finding> findings) {
    }

    /**
     * Runs the example.
     *
     * @param example what to train
     * @param split its data
     * @param settings hyperparameters
     * @param bars progress bars by label ({@code SimulationProgress.NONE} for none)
     * @throws IllegalArgumentException when the window does not fit into training (names {@code --window})
     */
    public static Outcome run(Example example, LabelledData.Split split, RunSettings settings,
            Function<String, SimulationProgress> bars) {
        LabelledData train = split.train();
        MinibatchIterator iterator = new MinibatchIterator(train, settings.batchSize(), settings.sampling(),
                settings.seed() + 1);
        Plan plan = plan(settings, train.rows());
        long total = plan.totalIterations();
        int warmEpochs = plan.warmStartEpochs();
        long observable = plan.observableIterations();
        Progress progress = new Progress(total, bars.apply("[" + settings.label() + "] training"),
                bars.apply("[" + settings.label() + "] probes + predictions"));
        long t0 = System.nanoTime();
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
        ObservatoryListener observatory = ObservatoryListener.builder()
                .startAtIteration((int) (observable - settings.windowIterations()))
                .windowIterations(settings.windowIterations())
                .dataOrder(dataOrder(settings))
                .memoryBudgetMegabytes(settings.trackingMegabytes())
                .seed(settings.seed())
                .probeData(train.toDataSet(DataType.DOUBLE))
                .perExampleGradients(Math.min(train.rows(), 512))
                .expectedTrainingIterations(observable)
                .predictor(settings.simulateRmsProp() ? new SimCorePredictor() : new MeanFieldRmsPropPredictor())
                .build()
                .attachTo(net);
        net.fit(iterator, settings.epochs() - warmEpochs);
        ObservatoryReport report = observatory.report();
        progress.finished();
        double seconds = (System.nanoTime() - t0) / 1e9;

        ObjectNode run = Json.object();
        run.put("label", settings.label());
        run.put("optimizer", settings.optimizer().cliName());
        ObjectNode settingsJson = settings(settings);
        if (warmEpochs > 0) {
            settingsJson.put("warmStartEpochs", warmEpochs);
            settingsJson.put("warmStartOptimizer", "sgd");
            Json.put(settingsJson, "warmStartLearningRate", example.defaults().sgdLearningRate());
        }
        run.set("settings", settingsJson);
        ObjectNode training = run.putObject("training");
        training.put("iterations", total);
        training.put("epochs", settings.epochs());
        Json.put(training, "seconds", seconds - progress.reportSeconds());
        Json.put(training, "observatorySeconds", progress.reportSeconds());
        ObjectNode curve = training.putObject("lossCurve");
        ArrayNode its = curve.putArray("iteration");
        ArrayNode losses = curve.putArray("loss");
        for (int k = 0; k < progress.curveIterations.size(); k++) {
            its.add(progress.curveIterations.get(k));
            Json.add(losses, progress.curveLosses.get(k));
        }
        ObjectNode metrics = training.putObject("metrics");
        String metricLine = metrics(net, split, metrics);
        run.set("observatory", new ReportWriter().toTree(report));
        List<Finding> findings = example.reference().map(r -> r.compare(train, settings, report)).orElse(List.of());
        RunSummary summary = new RunSummary(settings.label(), report.dataOrder().used() + " (detected "
                + report.dataOrder().detected() + ")", groups(report), metricLine, seconds - progress.reportSeconds(), progress.reportSeconds());
        return new Outcome(run, summary, findings);
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

    private static DataOrder dataOrder(RunSettings s) {
        return switch (s.sampling()) {
            case IID -> DataOrder.IID;
            case RESHUFFLE -> DataOrder.RESHUFFLED;
            case CYCLIC -> DataOrder.FIXED_CYCLIC;
        };
    }

    private static ObjectNode settings(RunSettings s) {
        ObjectNode o = Json.object();
        Json.put(o, "learningRate", s.learningRate());
        o.put("batchSize", s.batchSize());
        o.put("epochs", s.epochs());
        o.put("windowIterations", s.windowIterations());
        o.put("sampling", s.sampling().cliName());
        Json.put(o, "weightDecay", s.weightDecay());
        o.put("weightDecayKind", "L2 on weights (DL4J l2), added to the gradient before the updater");
        o.put("seed", s.seed());
        if (s.optimizer() == OptimizerKind.RMSPROP) {
            Json.put(o, "rmsDecay", s.rmsDecay());
            Json.put(o, "epsilon", s.epsilon());
        } else if (s.optimizer() == OptimizerKind.VARNORM) {
            Json.put(o, "averagingDecay", s.averagingDecay());
            Json.put(o, "epsilon", s.epsilon());
        }
        Json.put(o, "trackingMegabytes", s.trackingMegabytes());
        if (s.optimizer() == OptimizerKind.RMSPROP) {
            o.put("rmsPropPrediction", s.simulateRmsProp() ? "sim-core simulation of each group"
                    : "sim-core mean field per parameter");
        }
        return o;
    }

    /** Train/test accuracy or MSE into {@code out}; returns the same as one line. */
    private static String metrics(MultiLayerNetwork net, LabelledData.Split split, ObjectNode out) {
        boolean classification = split.train().task() == LabelledData.Task.CLASSIFICATION;
        double train = classification ? accuracy(net, split.train()) : mse(net, split.train());
        double test = classification ? accuracy(net, split.test()) : mse(net, split.test());
        String a = classification ? "trainAccuracy" : "trainMse";
        String b = classification ? "testAccuracy" : "testMse";
        Json.put(out, a, train);
        Json.put(out, b, test);
        return String.format(classification ? "train accuracy %.3f, test accuracy %.3f" : "train MSE %.4g, test MSE %.4g",
                train, test);
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

    private static List<RunSummary.Group> groups(ObservatoryReport report) {
        List<RunSummary.Group> out = new ArrayList<>();
        for (GroupReport g : report.groups()) {
            double[] iid = report.parameters().stream().filter(p -> p.key().equals(g.key()))
                    .mapToDouble(p -> p.variance() / p.predictedVarianceIid())
                    .filter(Double::isFinite).sorted().toArray();
            out.add(new RunSummary.Group(g.key(), g.trackedParameters(), g.predictedParameters(), g.medianRatio(),
                    median(iid), g.fractionDrifting(), g.medianFluctuationDissipationRatio(), g.settled()));
        }
        return out;
    }

    static double median(double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double[] s = sorted.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
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
