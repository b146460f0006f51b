package org.sgdobservatory.report.html;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.ObservatoryReport;

/**
 * What a comparison page embeds for its script ({@code data-kind="comparison"}): per run its label, its report's
 * source, the listener's report and, for an example report's run, its training (the loss curve). The page script
 * reads it like an example report's runs.
 *
 * @param runs the runs, in the order of the page's columns
 */
record ComparisonData(List<Run> runs) {

    /** Copies. */
    ComparisonData {
        runs = List.copyOf(runs);
    }

    /**
     * One run.
     *
     * @param label the column's label (source and run label)
     * @param source the report it came from
     * @param observatory the listener's report
     * @param training what training did, for an example report's run; JSON null for a listener report
     */
    record Run(String label, String source, ObservatoryReport observatory, Optional<ExampleReport.Training> training) {
        /** Validates. */
        Run {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(observatory, "observatory");
            Objects.requireNonNull(training, "training");
        }
    }

    /** The data of the page's runs (each from a report of a comparison). */
    static ComparisonData of(List<PageRun> runs) {
        return new ComparisonData(runs.stream().map(r -> new Run(r.label(),
                r.source().map(ComparedReport::source).orElse(""), PageParameters.thinned(r.report()),
                r.example().map(ExampleReport.Run::training))).toList());
    }
}
