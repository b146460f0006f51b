package org.sgdobservatory.examples.network;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.sgdobservatory.examples.data.DataSource;
import org.sgdobservatory.examples.data.LabelledData;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.ReportJson;

/**
 * Puts an example's runs into report-model's {@link ExampleReport} (the envelope of {@code report.json}) and writes
 * it. Stateless.
 */
public final class ExampleEnvelope {

    /** The file {@link #write} creates in its directory. */
    public static final String FILE_NAME = "report.json";

    /** This project's version, as the jar's manifest states it (the build's version when run from classes). */
    public static final String VERSION = Optional.ofNullable(ExampleEnvelope.class.getPackage()
            .getImplementationVersion()).orElse("0.1.0-SNAPSHOT");

    private ExampleEnvelope() {
    }

    /**
     * The example report of {@code runs}, generated now.
     *
     * @param example the example
     * @param train the training data the runs used (for the task and the architecture)
     * @param runs the runs, side by side, in the order they ran
     * @param findings example-level findings (reference answers)
     */
    public static ExampleReport of(Example example, LabelledData train, List<ExampleRunner.Outcome> runs,
            List<Finding> findings) {
        boolean classification = train.task() == LabelledData.Task.CLASSIFICATION;
        String architecture = example.architecture(train.task(), train.featureCount(), train.outputCount());
        DataSource d = example.data();
        ExampleReport.Example described = new ExampleReport.Example(example.name(), example.title(),
                example.description() + " Architecture: " + architecture + ".",
                classification ? "classification" : "regression",
                new ExampleReport.Data(d.name(), d.rows(), d.features(), d.source(), d.license(), d.citation()));
        return of(described, runs.stream().map(ExampleRunner.Outcome::run).toList(), findings);
    }

    /**
     * The report of {@code runs} of any network ({@code attach}: a saved one on the user's data), generated now.
     *
     * @param described what was trained on what
     * @param runs the runs, side by side
     * @param findings report-level findings
     */
    public static ExampleReport of(ExampleReport.Example described, List<ExampleReport.Run> runs,
            List<Finding> findings) {
        return new ExampleReport(ExampleReport.KIND, ExampleReport.SCHEMA_VERSION,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), VERSION, described, runs, findings);
    }

    /**
     * Writes {@code dir/report.json} atomically (strict JSON: NaN as {@code null}).
     *
     * @return the written file
     * @throws IOException when the directory cannot be created or written
     */
    public static Path write(ExampleReport report, Path dir) throws IOException {
        return ReportJson.writeFile(report, dir.resolve(FILE_NAME));
    }
}
