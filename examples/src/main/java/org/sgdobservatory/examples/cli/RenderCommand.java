package org.sgdobservatory.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.sgdobservatory.report.html.HtmlReport;
import org.sgdobservatory.report.model.AtomicFiles;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.ObservatoryReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code observatory render REPORT.json [--out DIR]}: renders {@code index.html} from any saved report, an example
 * report written by {@code observatory run} or a bare listener report written by {@code ObservatoryListener}'s
 * {@code reportFile}. The report is read and checked completely before anything is written: a report that cannot be
 * read is one line on standard error and leaves no file or directory behind.
 */
@Command(name = "render", abbreviateSynopsis = true,
        description = {"Renders index.html from a saved report of either kind.",
                "An example report (observatory run) or a listener report (the listener's reportFile); the page goes"
                        + " next to the report unless --out DIR says otherwise."},
        footer = "Example: observatory render observatory-report/report.json --out /tmp/page")
final class RenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "REPORT.json", description = "The report to render.")
    Path input;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Override
    public Integer call() throws IOException {
        Object report = SavedReport.read(input);
        String page = report instanceof ExampleReport example ? HtmlReport.render(example)
                : HtmlReport.render((ObservatoryReport) report);
        Path dir = ReportDirectory.prepare(out != null ? out : input.toAbsolutePath().getParent());
        Path written = AtomicFiles.write(dir.resolve(HtmlReport.FILE_NAME), page);
        spec.commandLine().getOut().println("wrote " + written);
        spec.commandLine().getOut().flush();
        return Observatory.OK;
    }
}
