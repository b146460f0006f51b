package org.sgdobservatory.report.html;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.ObservatoryReport;

/**
 * One report on a comparison page ({@link HtmlReport#renderComparison}): where it came from (e.g. the path the user
 * gave) and what it holds, an example report (its runs) or a bare listener report (one run). Immutable.
 */
public sealed interface ComparedReport {

    /** Where the report came from, e.g. {@code sgd/report.json}; it prefixes the labels of its runs. */
    String source();

    /** Its runs as they are labelled on the page: {@code SOURCE: LABEL} (a listener report's by its network). */
    List<Run> runs();

    /**
     * One run of a compared report.
     *
     * @param label e.g. {@code sgd/report.json: SGD}, or {@code b/report.json: MultiLayerNetwork, 50 parameters}
     * @param example the example run, empty for a listener report
     * @param report the listener's report
     */
    record Run(String label, Optional<ExampleReport.Run> example, ObservatoryReport report) {
        /** Validates. */
        public Run {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(example, "example");
            Objects.requireNonNull(report, "report");
        }
    }

    /**
     * The report {@link org.sgdobservatory.report.model.ReportJson#readFile} returned, by kind.
     *
     * @param source where it came from
     * @param report an {@link ExampleReport} or an {@link ObservatoryReport}
     * @throws IllegalArgumentException for anything else
     */
    static ComparedReport of(String source, Object report) {
        if (report instanceof ExampleReport example) {
            return new Example(source, example);
        }
        if (report instanceof ObservatoryReport listener) {
            return new Listener(source, listener);
        }
        throw new IllegalArgumentException("report must be an ExampleReport or an ObservatoryReport, was "
                + (report == null ? "null" : report.getClass().getName()));
    }

    /**
     * An example report: each of its runs is a column.
     *
     * @param source where it came from
     * @param report the report
     */
    record Example(String source, ExampleReport report) implements ComparedReport {
        /** Validates. */
        public Example {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(report, "report");
        }

        @Override
        public List<Run> runs() {
            return report.runs().stream().map(r -> new Run(source + ": " + r.label(), Optional.of(r), r.observatory()))
                    .toList();
        }
    }

    /**
     * A bare listener report: one column.
     *
     * @param source where it came from
     * @param report the report
     */
    record Listener(String source, ObservatoryReport report) implements ComparedReport {
        /** Validates. */
        public Listener {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(report, "report");
        }

        @Override
        public List<Run> runs() {
            return List.of(new Run(source + ": " + PageRun.title(report), Optional.empty(), report));
        }
    }
}
