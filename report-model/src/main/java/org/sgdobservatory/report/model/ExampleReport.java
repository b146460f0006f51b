package org.sgdobservatory.report.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The command line's report ({@code report.json} of {@code observatory run}): an example network on a bundled data
 * set, trained once per optimizer, each run holding the listener's {@link ObservatoryReport}.
 *
 * @param kind always {@link #KIND}
 * @param schemaVersion version of this envelope ({@link #SCHEMA_VERSION}); each run's report has its own
 * @param generatedAt ISO-8601 instant of writing
 * @param observatoryVersion this project's version
 * @param example what was trained on what
 * @param runs the runs, side by side
 * @param findings example-level findings (reference answers, caveats)
 */
public record ExampleReport(String kind, int schemaVersion, String generatedAt, String observatoryVersion,
                            Example example, List<Run> runs, List<Finding> findings) {

    /** The envelope's kind. */
    public static final String KIND = "sgd-observatory/example-report";
    /** The envelope's schema version ({@code docs/report-schema.md#versions}). */
    public static final int SCHEMA_VERSION = 2;

    /** Validates and copies. */
    public ExampleReport {
        if (!KIND.equals(kind)) {
            throw new IllegalArgumentException("kind must be '" + KIND + "', was '" + kind + "'");
        }
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(example, "example");
        runs = List.copyOf(runs);
        findings = List.copyOf(findings);
    }

    /**
     * The example.
     *
     * @param name CLI name, e.g. {@code digits}
     * @param title a title
     * @param description what it is, architecture included
     * @param task {@code classification} or {@code regression}
     * @param data the data set
     */
    public record Example(String name, String title, String description, String task, Data data) {
    }

    /**
     * A bundled data set.
     *
     * @param name its name
     * @param rows examples
     * @param features features per example
     * @param source where it comes from
     * @param license its licence
     * @param citation how to cite it
     */
    public record Data(String name, int rows, int features, String source, String license, String citation) {
    }

    /**
     * One run: one optimizer.
     *
     * @param label e.g. {@code SGD}
     * @param optimizer CLI name, e.g. {@code sgd}
     * @param settings hyperparameters
     * @param training what training did
     * @param observatory the listener's report
     */
    public record Run(String label, String optimizer, Settings settings, Training training,
                      ObservatoryReport observatory) {
        /** Validates. */
        public Run {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(training, "training");
            Objects.requireNonNull(observatory, "observatory");
        }
    }

    /**
     * A run's hyperparameters.
     *
     * @param learningRate the optimizer's learning rate
     * @param batchSize minibatch size
     * @param epochs epochs trained
     * @param windowIterations iterations observed
     * @param dataOrder how minibatches were drawn
     * @param l2 the L2 coefficient on weights
     * @param seed the run's seed
     * @param optimizerParameters the optimizer's other hyperparameters by name (rmsDecay, epsilon, ...), sorted
     * @param warmStart epochs of plain SGD before the optimizer, when there were any
     */
    public record Settings(double learningRate, int batchSize, int epochs, int windowIterations, DataOrder dataOrder,
                           double l2, long seed, Map<String, Double> optimizerParameters,
                           Optional<WarmStart> warmStart) {
        /** Copies. */
        public Settings {
            Objects.requireNonNull(dataOrder, "dataOrder");
            optimizerParameters = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(optimizerParameters));
            Objects.requireNonNull(warmStart, "warmStart");
        }
    }

    /**
     * Plain SGD before the run's optimizer.
     *
     * @param epochs epochs of SGD
     * @param learningRate its learning rate
     */
    public record WarmStart(int epochs, double learningRate) {
    }

    /**
     * What training did.
     *
     * @param iterations iterations trained
     * @param epochs epochs trained
     * @param seconds wall time of training (observation included, final report excluded)
     * @param observatorySeconds wall time from the window's end to the report
     * @param lossCurve the training loss, thinned
     * @param metrics e.g. {@code trainAccuracy}, {@code testAccuracy} or {@code trainMse}, {@code testMse}, sorted
     */
    public record Training(long iterations, int epochs, double seconds, double observatorySeconds,
                           LossCurve lossCurve, Map<String, Double> metrics) {
        /** Copies. */
        public Training {
            Objects.requireNonNull(lossCurve, "lossCurve");
            metrics = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metrics));
        }
    }

    /**
     * The training loss at some iterations.
     *
     * @param iteration iterations
     * @param loss DL4J's score at them
     */
    public record LossCurve(List<Long> iteration, List<Double> loss) {
        /** Copies. */
        public LossCurve {
            iteration = List.copyOf(iteration);
            loss = List.copyOf(loss);
        }
    }
}
