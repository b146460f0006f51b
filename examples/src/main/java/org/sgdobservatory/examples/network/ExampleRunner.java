package org.sgdobservatory.examples.network;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.examples.data.LabelledData;
import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.sim.simulation.SimulationProgress;

/**
 * Trains one example with one optimizer, observes the last {@code windowIterations} iterations with the
 * listener ({@link ObservedFit}), and returns the run as the example report's {@link ExampleReport.Run} with the
 * findings of the example's exact reference answer, if it has one, and the trained network. Stateless; each call
 * builds its own network.
 */
public final class ExampleRunner {

    private ExampleRunner() {
    }

    /**
     * One run.
     *
     * @param run the run as the example report holds it (settings, training, the listener's report)
     * @param findings findings of the example's exact reference answer, each message starting with the run's label
     *     (empty when the example has no reference answer)
     * @param network the trained network (e.g. to save it)
     */
    public record Outcome(ExampleReport.Run run, List<Finding> findings, MultiLayerNetwork network) {
        /** Copies. */
        public Outcome {
            Objects.requireNonNull(run, "run");
            findings = List.copyOf(findings);
            Objects.requireNonNull(network, "network");
        }
    }

    /**
     * Where the listener serves its live view during a run ({@code ObservatoryBuilder.liveView}), and whom to tell its
     * address once it listens.
     *
     * @param address the address to bind, e.g. {@code 127.0.0.1}
     * @param port the port, 0 for any free one
     * @param started told the page's address when the listener starts serving (before the observed training)
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
     * Runs the example. With a live view, the listener serves it from before the observed training until the run's
     * report exists, and stops serving when this method returns (so that the next run can serve on the same port).
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
        MinibatchIterator iterator = new MinibatchIterator(train, settings.batchSize(), settings.dataOrder(),
                settings.seed() + 1);
        Plan plan = plan(settings, train.rows());
        int warmEpochs = plan.warmStartEpochs();
        ObservedFit fit = new ObservedFit(plan.totalIterations(), settings.label(), bars);
        MultiLayerNetwork net = new MultiLayerNetwork(example.network(train.task(), train.featureCount(),
                train.outputCount(), settings.updater(), settings.weightDecay(), settings.seed()));
        net.init();
        if (warmEpochs > 0) {
            MultiLayerNetwork warm = new MultiLayerNetwork(example.network(train.task(), train.featureCount(),
                    train.outputCount(), new Sgd(example.defaults().sgdLearningRate()), settings.weightDecay(),
                    settings.seed()));
            warm.init();
            warm.setListeners(fit.progress());
            warm.fit(iterator, warmEpochs);
            net.setParams(warm.params());
        }
        ObservedFit.Result observed = fit.observe(net, iterator, train, settings.observation(),
                settings.epochs() - warmEpochs, plan.observableIterations(), live);

        Optional<ExampleReport.WarmStart> warmStart = warmEpochs > 0
                ? Optional.of(new ExampleReport.WarmStart(warmEpochs, example.defaults().sgdLearningRate()))
                : Optional.empty();
        ExampleReport.Settings recorded = new ExampleReport.Settings(settings.learningRate(), settings.batchSize(),
                settings.epochs(), settings.windowIterations(), settings.dataOrder(), settings.weightDecay(),
                settings.seed(), settings.optimizerParameters(), warmStart);
        Map<String, Double> metrics = new HashMap<>(ObservedFit.metrics(net, train, "train"));
        metrics.putAll(ObservedFit.metrics(net, split.test(), "test"));
        ExampleReport.Training training = new ExampleReport.Training(plan.totalIterations(), settings.epochs(),
                observed.trainingSeconds(), observed.observatorySeconds(), observed.lossCurve(), metrics);
        ExampleReport.Run run = new ExampleReport.Run(settings.label(), settings.optimizer().cliName(), recorded,
                training, observed.report());
        List<Finding> findings = example.reference().map(r -> r.compare(train, settings, observed.report()))
                .orElse(List.of()).stream().map(f -> new Finding(f.severity(), f.code(), settings.label() + " run: "
                        + f.message(), f.reference())).toList();
        return new Outcome(run, findings, net);
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
        return plan(s.observation(), s.label(), s.optimizer() == OptimizerKind.VARNORM, trainRows);
    }

    /**
     * The plan of training {@code trainRows} examples as {@code o} says, with the {@code eta'/sigma^2} rule's warm
     * start when {@code warmStart} (see {@link #plan(RunSettings, int)}).
     *
     * @param label the run's label, for the message
     * @throws IllegalArgumentException naming {@code --batch} or {@code --window} when the run cannot work
     */
    public static Plan plan(Observation o, String label, boolean warmStart, int trainRows) {
        if (!(o.batchSize() >= 1 && o.batchSize() <= trainRows)) {
            throw new IllegalArgumentException("--batch " + o.batchSize() + " must be between 1 and the " + trainRows
                    + " training examples");
        }
        int k = trainRows / o.batchSize();
        long total = (long) k * o.epochs();
        int warm = 0;
        if (warmStart) {
            long ruleEpochs = (o.windowIterations() + VARNORM_SETTLING_ITERATIONS + k - 1) / k;
            warm = (int) Math.max(0, o.epochs() - ruleEpochs);
        }
        long observable = (long) k * (o.epochs() - warm);
        if (!(o.windowIterations() < observable)) {
            throw new IllegalArgumentException("--window " + o.windowIterations() + " must be shorter than the "
                    + observable + " training iterations with " + label + " (" + (o.epochs() - warm)
                    + " epochs x " + k + " minibatches of " + o.batchSize() + "); raise --epochs or lower --window");
        }
        return new Plan(k, total, warm, observable);
    }
}
