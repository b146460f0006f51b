package org.sgdobservatory.examples.network;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.sgdobservatory.examples.data.DataSource;
import org.sgdobservatory.examples.json.Json;
import org.sgdobservatory.listener.report.Finding;
import org.sgdobservatory.listener.report.ReportWriter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The example report ({@code report.json}): the envelope of {@code notes/envelope.md} around one listener report
 * per run. Schema version {@value #SCHEMA_VERSION}, kind {@value #KIND}. Stateless.
 */
public final class ExampleReport {

    /** Envelope schema version. */
    public static final int SCHEMA_VERSION = 1;
    /** Envelope kind. */
    public static final String KIND = "sgd-observatory/example-report";
    /** The version written as {@code observatoryVersion}. */
    public static final String VERSION = "0.1.0-SNAPSHOT";

    private ExampleReport() {
    }

    /**
     * The envelope.
     *
     * @param example the example
     * @param task {@code classification} or {@code regression}
     * @param architecture e.g. {@code MLP 64-32-10 (RELU, softmax)}
     * @param runs the runs, side by side
     * @param findings example-level findings (reference answers, caveats)
     */
    public static ObjectNode build(Example example, String task, String architecture, List<ExampleRunner.Outcome> runs,
            List<Finding> findings) {
        ObjectNode root = Json.object();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("kind", KIND);
        root.put("generatedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        root.put("observatoryVersion", VERSION);
        ObjectNode ex = root.putObject("example");
        ex.put("name", example.name());
        ex.put("title", example.title());
        ex.put("description", example.description() + " Architecture: " + architecture + ".");
        ex.put("task", task);
        DataSource d = example.data();
        ObjectNode data = ex.putObject("data");
        data.put("name", d.name());
        data.put("rows", d.rows());
        data.put("features", d.features());
        data.put("source", d.source());
        data.put("license", d.license());
        data.put("citation", d.citation());
        ArrayNode runArray = root.putArray("runs");
        runs.forEach(r -> runArray.add(r.json()));
        ArrayNode f = root.putArray("findings");
        for (Finding finding : findings) {
            ObjectNode o = f.addObject();
            o.put("severity", finding.severity().name());
            o.put("code", finding.code());
            o.put("message", finding.message());
        }
        return root;
    }

    /**
     * Writes {@code dir/report.json} atomically (a temporary file in {@code dir}, then a move).
     *
     * @return the written file
     * @throws IOException when the directory cannot be created or written
     */
    public static Path write(ObjectNode report, Path dir) throws IOException {
        return ReportWriter.writeAtomically(dir.resolve("report.json"), Json.write(report) + "\n");
    }
}
