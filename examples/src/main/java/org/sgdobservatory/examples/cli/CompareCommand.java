package org.sgdobservatory.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.sgdobservatory.report.html.ComparedReport;
import org.sgdobservatory.report.html.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code observatory compare A/report.json B/report.json [...] --out DIR}: the runs of several saved reports side by
 * side, any mix of example reports ({@code observatory run}) and bare listener reports (the listener's
 * {@code reportFile}). Every report is read strictly ({@link SavedReport}) before anything is written; the
 * page ({@link HtmlReport#renderComparison}) goes to {@code DIR/index.html} and a table of the runs to standard
 * output ({@link CompareText}). Fewer than two reports is a usage error; a report that cannot be read, or a
 * directory that cannot be written, is one line on standard error and leaves nothing behind.
 */
@Command(name = "compare", abbreviateSynopsis = true,
        description = {"Compares the runs of saved reports side by side: a table, and a page.",
                "Any mix of example reports (observatory run) and listener reports (the listener's reportFile)."},
        footer = "Example: observatory compare a/report.json b/report.json --out comparison")
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(arity = "0..*", paramLabel = "REPORT.json", description = "Two reports or more.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: ./${DEFAULT-VALUE}).",
            defaultValue = "observatory-comparison")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (inputs.size() < 2) {
            throw new ParameterException(spec.commandLine(), "give two reports or more to compare, got "
                    + inputs.size() + (inputs.size() == 1 ? " (" + inputs.get(0) + "; one report's own page already"
                    + " shows its runs side by side: observatory render)" : ""));
        }
        List<ComparedReport> reports = new ArrayList<>();
        for (Path input : inputs) {
            reports.add(ComparedReport.of(input.toString(), SavedReport.read(input)));
        }
        Path dir = ReportDirectory.prepare(out);
        Path written = HtmlReport.writeComparison(reports, dir);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(CompareText.of(reports));
        stdout.println("wrote " + written);
        stdout.flush();
        return Observatory.OK;
    }
}
