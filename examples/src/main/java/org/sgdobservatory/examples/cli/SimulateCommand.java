package org.sgdobservatory.examples.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sgdobservatory.examples.json.Json;
import org.sgdobservatory.examples.simulate.FiniteData;
import org.sgdobservatory.examples.simulate.LossKind;
import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.examples.simulate.Sampling;
import org.sgdobservatory.examples.simulate.SimulateJson;
import org.sgdobservatory.examples.simulate.SimulateReport;
import org.sgdobservatory.examples.simulate.SimulateRunner;
import org.sgdobservatory.examples.simulate.SimulationSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code observatory simulate}: sim-core alone, JSON on standard output, progress on standard error. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulates many chains of an optimizer on a separable landscape with sim-core and prints"
                + " observed vs predicted variances and temperatures as JSON.",
                "Comma lists give one value per dimension."})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--loss", paramLabel = "quadratic|quartic|double-well", converter = Converters.Loss.class,
            defaultValue = "quadratic", description = "1-D loss of every dimension (default: ${DEFAULT-VALUE}).")
    LossKind loss;

    @Option(names = "--curvature", split = ",", paramLabel = "K", defaultValue = "0.5,0.5",
            description = "Per dimension: h of h x^2/2, c of c x^4, or barrier height a of a (x^2-1)^2"
                    + " (default: ${DEFAULT-VALUE}).")
    double[] curvature;

    @Option(names = "--noise-variance", split = ",", paramLabel = "S2", defaultValue = "4,1",
            description = "Per dimension: variance of the minibatch gradient noise per step (default: ${DEFAULT-VALUE}).")
    double[] noiseVariance;

    @Option(names = "--optimizer", paramLabel = "sgd|rmsprop|varnorm", converter = Converters.Optimizer.class,
            defaultValue = "sgd", description = "Optimizer; varnorm is eta_i = lr/s2_i (default: ${DEFAULT-VALUE}).")
    OptimizerKind optimizer;

    @Option(names = "--lr", paramLabel = "ETA", defaultValue = "0.05",
            description = "Learning rate (eta' for varnorm) (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--rms-decay", paramLabel = "RHO", defaultValue = "0.95",
            description = "RMSProp decay (default: ${DEFAULT-VALUE}).")
    double rmsDecay;

    @Option(names = "--epsilon", paramLabel = "EPS", defaultValue = "1e-8",
            description = "RMSProp epsilon, outside the root as in DL4J (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--chains", paramLabel = "N", defaultValue = "1024",
            description = "Independent chains (default: ${DEFAULT-VALUE}).")
    int chains;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "4000",
            description = "Recorded steps after burn-in (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--burn-in", paramLabel = "N", defaultValue = "1000",
            description = "Discarded steps (default: ${DEFAULT-VALUE}).")
    int burnIn;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--examples", paramLabel = "N",
            description = "Finite data: number of examples (Gaussian per-example noises, centred).")
    Integer examples;

    @Option(names = "--batch", paramLabel = "B", description = "Finite data: minibatch size.")
    Integer batch;

    @Option(names = "--sampling", paramLabel = "iid|reshuffle|cyclic", converter = Converters.Order.class,
            description = "Finite data: data order (default with --examples: iid).")
    Sampling sampling;

    @Option(names = "--quiet", description = "No progress bar on standard error.")
    boolean quiet;

    @Override
    public Integer call() {
        SimulationSpec simulation = parseSpec();
        NativeThreads.limit();
        PrintWriter err = spec.commandLine().getErr();
        SimulateReport report = SimulateRunner.run(simulation,
                quiet ? org.sgdobservatory.sim.simulation.SimulationProgress.NONE : new ProgressBar(err, "simulate"));
        PrintWriter out = spec.commandLine().getOut();
        out.println(Json.write(SimulateJson.toJson(report)));
        out.flush();
        return Observatory.OK;
    }

    /** The validated configuration; a usage error names the bad flag. */
    SimulationSpec parseSpec() {
        Optional<FiniteData> finite = Optional.empty();
        if (examples != null || batch != null || sampling != null) {
            if (examples == null || batch == null) {
                throw new ParameterException(spec.commandLine(), "finite data needs both --examples and --batch"
                        + (sampling != null ? " (--sampling was given)" : ""));
            }
            try {
                finite = Optional.of(new FiniteData(examples, batch, sampling == null ? Sampling.IID : sampling));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        try {
            return new SimulationSpec(loss, boxed(curvature), boxed(noiseVariance), optimizer, learningRate,
                    rmsDecay, epsilon, chains, steps, burnIn, seed, finite);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
