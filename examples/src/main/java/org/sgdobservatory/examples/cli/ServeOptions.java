package org.sgdobservatory.examples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Stack;

import org.sgdobservatory.examples.network.ExampleRunner;
import org.sgdobservatory.listener.live.LiveView;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.LiveSnapshot;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code run --serve [PORT] [--serve-address ADDR]}: the listener's live view of each run, one run at a time on the
 * same port (each run's listener stops serving before the next one starts), then the whole report (every run) at the
 * same address. {@code --serve} alone uses port {@value #DEFAULT_PORT}; {@code --serve 0} any free port, chosen by the
 * first run and kept for the others. The address is {@code 127.0.0.1} unless {@code --serve-address} says otherwise
 * (e.g. {@code 0.0.0.0} to be reachable from other machines). After training, on a terminal, the report is served
 * until Enter (or Ctrl-C); without a terminal (a pipe, CI) the command exits at once. Not thread-safe: one command.
 */
final class ServeOptions {

    /** The port of {@code --serve} without a value (the port DL4J's own training UI uses). */
    static final int DEFAULT_PORT = 9000;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--serve", arity = "0..1", fallbackValue = "" + DEFAULT_PORT, paramLabel = "PORT",
            preprocessor = PortIfGiven.class, description = "Live page on PORT (" + DEFAULT_PORT
            + "); --serve-address ADDR.")
    Integer port;

    @Option(names = "--serve-address", hidden = true, paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address the live page binds (default: ${DEFAULT-VALUE}).")
    String address;

    /**
     * Lets {@code --serve} take the next argument only when it is a number, so that {@code run --serve digits} serves
     * on the default port and trains {@code digits} (picocli would otherwise read {@code digits} as the port).
     */
    static final class PortIfGiven implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec,
                                  Map<String, Object> info) {
            boolean attached = !" ".equals(info.get("separator")); // --serve=PORT (picocli says " " for none)
            if (attached || (!args.isEmpty() && args.peek().matches("\\d+"))) {
                return false; // picocli reads the port
            }
            argSpec.setValue(DEFAULT_PORT);
            return true;
        }
    }

    /** The port the first run bound (for {@code --serve 0}), kept for the later runs and the report. */
    private int bound = -1;

    /** Whether {@code --serve} was given. */
    boolean enabled() {
        return port != null;
    }

    /**
     * Checks {@code --serve} (a usage error outside 0..65535) and that the address and port can be bound now (a run
     * failure otherwise); call before training.
     *
     * @throws ParameterException naming {@code --serve} for a port out of range
     * @throws IOException naming the address and port when they cannot be bound
     */
    void validate() throws IOException {
        if (!enabled()) {
            return;
        }
        if (!(port >= 0 && port <= 65_535)) {
            throw new ParameterException(mixee.commandLine(), "--serve must be a TCP port in 0..65535 (0 = any free"
                    + " port), was " + port);
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, port));
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            throw cannotServe(port, e);
        }
    }

    /**
     * Where a run's listener serves, telling {@code err} its address when it starts; empty without {@code --serve}.
     *
     * @param label the run, e.g. {@code SGD}
     * @param index its position among the runs, from 0
     * @param runs how many runs the command trains
     */
    Optional<ExampleRunner.Serving> forRun(String label, int index, int runs, PrintWriter err) {
        if (!enabled()) {
            return Optional.empty();
        }
        return Optional.of(new ExampleRunner.Serving(address, bound >= 0 ? bound : port, uri -> {
            bound = uri.getPort();
            err.println("live view of the " + label + " run" + (runs > 1 ? " (" + (index + 1) + " of " + runs + ")"
                    : "") + ": " + uri + (index + 1 < runs ? " (reload the page when the next run starts)" : ""));
            err.flush();
        }));
    }

    /**
     * After every run: serves the whole report at the same address until Enter on an interactive terminal; says
     * that it stopped at once otherwise.
     *
     * @throws IOException naming the address when it cannot be bound again
     */
    void serveReport(ExampleReport report, PrintWriter err, Terminal terminal) throws IOException {
        if (!enabled()) {
            return;
        }
        if (!terminal.interactive()) {
            err.println("live view stopped: standard input is not a terminal (the page is in index.html)");
            err.flush();
            return;
        }
        int p = bound >= 0 ? bound : port;
        LiveView view;
        try {
            view = LiveView.start(address, p, "every run", done(report));
        } catch (IOException | IllegalArgumentException e) {
            throw cannotServe(p, e);
        }
        try (view) {
            view.finish(report, done(report));
            err.println("serving the report of every run at " + view.uri() + "; press Enter (or Ctrl-C) to stop");
            err.flush();
            new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8)).readLine();
        }
    }

    /** The snapshot served with the whole report: done, with the last run's loss curve and window. */
    private static LiveSnapshot done(ExampleReport report) {
        List<ExampleReport.Run> runs = report.runs();
        ExampleReport.Run last = runs.get(runs.size() - 1);
        return new LiveSnapshot(LiveSnapshot.LivePhase.DONE, last.training().iterations(),
                last.observatory().window().startIteration(), last.settings().windowIterations(),
                last.observatory().window().samples(), last.training().lossCurve(),
                Optional.of(last.observatory().dataOrder().used()), List.of(), List.of(), Optional.empty(),
                "every run is done: the report of " + (runs.size() == 1 ? "the run" : "all " + runs.size() + " runs"));
    }

    /** The run failure when {@code address:p} cannot be bound, with the remedy. */
    IOException cannotServe(int p, Exception cause) {
        return new IOException("--serve: cannot serve on " + address + ":" + p + " (" + cause.getMessage()
                + "); the port may be in use: choose another with --serve PORT, or --serve 0 for any free one", cause);
    }

    /** The listener's failure to bind (its cause an {@link IOException}) as {@link #cannotServe}; empty otherwise. */
    Optional<IOException> bindFailure(IllegalArgumentException e) {
        return enabled() && e.getCause() instanceof IOException io ? Optional.of(cannotServe(bound >= 0 ? bound : port,
                io)) : Optional.empty();
    }
}
