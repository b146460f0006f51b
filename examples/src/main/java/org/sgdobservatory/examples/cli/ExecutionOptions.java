package org.sgdobservatory.examples.cli;

import java.io.PrintWriter;
import java.util.function.Function;

import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.sim.simulation.SimulationProgress;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How a computing command ({@code run}, {@code simulate}, {@code lecture}) uses the machine and reports progress:
 * {@code --threads N} and {@code --quiet}.
 *
 * <p>ND4J runs on one native thread unless {@code --threads} or {@code OMP_NUM_THREADS} says otherwise: the
 * networks and simulations work on small arrays, where OpenMP's fan-out costs more than it gains, and on shared or
 * busy cores its spinning threads made a run ten times slower (2000 steps of 32 chains: 33 s with two OpenMP threads
 * under load, 3.6 s with one).
 */
final class ExecutionOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--threads", paramLabel = "N",
            description = "ND4J threads (OMP_NUM_THREADS, else 1).")
    Integer threads;

    @Option(names = "--quiet", description = "No progress on standard error.")
    boolean quiet;

    /**
     * Checks {@code --threads} (a usage error when below 1); call before any work starts.
     *
     * @throws ParameterException naming {@code --threads}
     */
    void validate() {
        if (threads != null && !(threads >= 1)) {
            throw new ParameterException(mixee.commandLine(), "--threads must be >= 1, was " + threads);
        }
    }

    /** Applies the thread count to ND4J (after {@link #validate}). */
    void applyThreads() {
        validate();
        int n;
        if (threads != null) {
            n = threads;
        } else {
            String omp = System.getenv("OMP_NUM_THREADS");
            if (omp != null && !omp.isBlank()) {
                return; // OpenMP reads it itself
            }
            n = 1;
        }
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
    }

    /** A progress bar per label on {@code err} ({@link ProgressBar#forStream}), or none with {@code --quiet}. */
    Function<String, SimulationProgress> progress(PrintWriter err) {
        return label -> quiet ? SimulationProgress.NONE : ProgressBar.forStream(err, label);
    }
}
