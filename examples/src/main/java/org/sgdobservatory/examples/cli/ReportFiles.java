package org.sgdobservatory.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

import org.sgdobservatory.examples.network.ExampleEnvelope;
import org.sgdobservatory.report.html.HtmlReport;
import org.sgdobservatory.report.model.ExampleReport;
import picocli.CommandLine.Option;

/**
 * {@code --no-html}, and the report files of a training command ({@code run}, {@code attach}): {@code report.json},
 * then {@code index.html} unless {@code --no-html}, each announced on a line of standard output.
 */
final class ReportFiles {

    @Option(names = "--no-html", description = "Write report.json only.")
    boolean noHtml;

    /** Writes {@code envelope} to {@code dir} and prints where each file went. */
    void write(ExampleReport envelope, Path dir, PrintWriter out) throws IOException {
        out.println("report: " + ExampleEnvelope.write(envelope, dir));
        out.println(noHtml ? "(--no-html: no index.html)" : "report: " + HtmlReport.write(envelope, dir));
    }
}
