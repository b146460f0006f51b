package org.sgdobservatory.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.sgdobservatory.examples.json.Json;
import org.sgdobservatory.report.html.HtmlReport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code observatory render REPORT.json [--out DIR]}: re-renders {@code index.html} from a saved report. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Renders DIR/index.html from a saved report.json (by default next to the JSON file).")
final class RenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REPORT.json", description = "A report.json written by 'observatory run'.")
    Path input;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: the JSON file's directory).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new IOException("report file '" + input + "' does not exist or is not a file; pass the report.json"
                    + " written by 'observatory run'");
        }
        JsonNode report;
        try {
            report = Json.read(Files.readString(input, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IOException("report file '" + input + "' is not valid JSON: " + e.getOriginalMessage(), e);
        }
        Path parent = input.toAbsolutePath().getParent();
        Path dir = RunCommand.prepare(out != null ? out : parent);
        Path written = HtmlReport.write(report, dir);
        spec.commandLine().getOut().println("wrote " + written);
        spec.commandLine().getOut().flush();
        return Observatory.OK;
    }
}
