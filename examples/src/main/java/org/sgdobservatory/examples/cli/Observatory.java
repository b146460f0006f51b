package org.sgdobservatory.examples.cli;

import java.io.PrintWriter;

import org.sgdobservatory.examples.network.ExampleEnvelope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code observatory} command: the entry point of the examples jar.
 *
 * <p>{@link #execute(String[], PrintWriter, PrintWriter)} parses and runs one invocation and returns its
 * exit code (see the package documentation); {@link #main} calls it with the process streams and exits.
 */
@Command(name = "observatory", mixinStandardHelpOptions = true, versionProvider = Observatory.Version.class,
        description = {"Measures the stationary noise of SGD in Deeplearning4j runs against the theory.",
                "'./observatory' without arguments runs 'run digits --optimizer sgd,rmsprop'."},
        subcommands = {RunCommand.class, AttachCommand.class, RenderCommand.class, CompareCommand.class,
                SimulateCommand.class, LectureCommand.class, ListCommand.class},
        footer = {"Examples:",
                "  observatory run digits --optimizer sgd,rmsprop",
                "  observatory run iris --optimizer varnorm --report iris-report",
                "  observatory attach model.zip --data train.csv --label label --classes 3",
                "  observatory render observatory-report/report.json",
                "  observatory compare a/report.json b/report.json --out comparison",
                "  observatory lecture",
                "Help on a command: observatory COMMAND --help"})
public final class Observatory implements Runnable {

    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: the run failed (configuration rejected, I/O error). */
    public static final int RUN_FAILED = 1;
    /** Exit code: usage error. */
    public static final int USAGE = 2;
    /** Exit code: the lecture ran but a claim failed. */
    public static final int CLAIM_FAILED = 3;

    /** Width of the option column of the help (so that every option and its description share one line). */
    private static final int HELP_OPTIONS_WIDTH = 28;

    @Spec
    CommandSpec spec;

    /** Whether a person is at the terminal, and its input (for {@code run --serve}). */
    final Terminal terminal;

    private Observatory(Terminal terminal) {
        this.terminal = terminal;
    }

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Parses and runs one invocation.
     *
     * @param args the arguments (the subcommand first)
     * @param out where results go (JSON, claim lines, help)
     * @param err where errors and progress go
     * @return the exit code
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, Terminal.system());
    }

    /**
     * {@link #execute(String[], PrintWriter, PrintWriter)} with a given terminal instead of the process's (tests).
     *
     * @param terminal whether a person is at the terminal, and its input
     */
    static int execute(String[] args, PrintWriter out, PrintWriter err, Terminal terminal) {
        CommandLine cl = new CommandLine(new Observatory(terminal));
        cl.setUsageHelpLongOptionsMaxWidth(HELP_OPTIONS_WIDTH);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, arguments) -> {
            String command = ex.getCommandLine().getCommandName();
            String message = ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                    ? "unknown command or argument '" + u.getUnmatched().get(0) + "'; run 'observatory "
                            + ("observatory".equals(command) ? "" : command + " ") + "--help' or 'observatory list'"
                    : oneLine(ex.getMessage());
            ex.getCommandLine().getErr().println(prefix(command) + message);
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(prefix(commandLine.getCommandName()) + oneLine(describe(ex)));
            return RUN_FAILED;
        });
        return cl.execute(args);
    }

    private static String prefix(String command) {
        return "observatory".equals(command) ? "observatory: " : "observatory " + command + ": ";
    }

    private static String describe(Exception ex) {
        String message = ex.getMessage();
        if (message == null || message.isBlank()) {
            return ex.getClass().getSimpleName();
        }
        return message;
    }

    private static String oneLine(String message) {
        String m = message == null ? "" : message.strip();
        int newline = m.indexOf('\n');
        return newline < 0 ? m : m.substring(0, newline).strip();
    }

    /** The version {@code --version} prints. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"SGD Observatory " + ExampleEnvelope.VERSION};
        }
    }

    /** Without a subcommand: say what to run (usage error). */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: use run, attach, render, compare, simulate, lecture or list (see 'observatory"
                + " --help')");
    }
}
