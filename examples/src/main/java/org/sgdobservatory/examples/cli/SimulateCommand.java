package org.sgdobservatory.examples.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.sgdobservatory.examples.simulate.FiniteData;
import org.sgdobservatory.examples.simulate.LossKind;
import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.examples.simulate.SimulateDocument;
import org.sgdobservatory.examples.simulate.SimulateReport;
import org.sgdobservatory.examples.simulate.SimulateRunner;
import org.sgdobservatory.examples.simulate.SimulationSpec;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code observatory simulate}: sim-core alone, JSON on standard output, progress on standard error. */
@Command(name = "simulate", sortOptions = false, abbreviateSynopsis = true,
        description = {"Simulates an optimizer on a separable landscape with sim-core alone.",
                "Prints observed vs predicted variances and temperatures as JSON; comma lists give one value per"
                        + " dimension."},
        footer = "Example: observatory simulate --noise-variance 4,1 --optimizer varnorm")
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--loss", paramLabel = "LOSS", converter = Converters.Loss.class, defaultValue = "quadratic",
            description = "quadratic, quartic or double-well.")
    LossKind loss;

    @Option(names = "--curvature", split = ",", paramLabel = "K", defaultValue = "0.5,0.5",
            description = "h, c or barrier a (default: ${DEFAULT-VALUE}).")
    double[] curvature;

    @Option(names = "--noise-variance", split = ",", paramLabel = "S2", defaultValue = "4,1",
            description = "Noise variance (default: ${DEFAULT-VALUE}).")
    double[] noiseVariance;

    @Option(names = "--optimizer", paramLabel = "OPT", converter = Converters.Optimizer.class, defaultValue = "sgd",
            description = "sgd, rmsprop or varnorm (lr/s2_i).")
    OptimizerKind optimizer;

    @Option(names = "--lr", paramLabel = "ETA", defaultValue = "0.05",
            description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Mixin
    RmsDecayOption rms;

    @Option(names = "--epsilon", paramLabel = "EPS", defaultValue = "1e-8",
            description = "RMSProp epsilon (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--chains", paramLabel = "N", defaultValue = "1024",
            description = "Chains (default: ${DEFAULT-VALUE}).")
    int chains;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "4000",
            description = "Recorded steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--burn-in", paramLabel = "N", defaultValue = "1000",
            description = "Discarded steps (default: ${DEFAULT-VALUE}).")
    int burnIn;

    @Option(names = "--examples", paramLabel = "N", description = "Finite data: number of examples.")
    Integer examples;

    @Option(names = "--batch", paramLabel = "B", description = "Finite data: minibatch size.")
    Integer batch;

    @Option(names = "--sampling", paramLabel = "ORDER", converter = Converters.Order.class,
            description = "Finite data: iid, reshuffle, cyclic.")
    DataOrder sampling;

    @Mixin
    SeedOption seed;

    @Mixin
    ExecutionOptions execution;

    @Override
    public Integer call() {
        SimulationSpec simulation = parseSpec();
        execution.applyThreads();
        PrintWriter err = spec.commandLine().getErr();
        SimulateReport report = SimulateRunner.run(simulation, execution.progress(err).apply("simulate"));
        PrintWriter out = spec.commandLine().getOut();
        out.println(ReportJson.write(SimulateDocument.of(report)));
        out.flush();
        return Observatory.OK;
    }

    /** The validated configuration; a usage error names the bad flag. */
    SimulationSpec parseSpec() {
        execution.validate();
        Optional<FiniteData> finite = Optional.empty();
        if (examples != null || batch != null || sampling != null) {
            if (examples == null || batch == null) {
                throw new ParameterException(spec.commandLine(), "finite data needs both --examples and --batch"
                        + (sampling != null ? " (--sampling was given)" : ""));
            }
            try {
                finite = Optional.of(new FiniteData(examples, batch, sampling == null ? DataOrder.IID : sampling));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        try {
            return new SimulationSpec(loss, boxed(curvature), boxed(noiseVariance), optimizer, learningRate,
                    rms.rmsDecay, epsilon, chains, steps, burnIn, seed.seed, finite);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
