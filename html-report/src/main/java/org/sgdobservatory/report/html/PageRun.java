package org.sgdobservatory.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.Provenance;

/**
 * One run as the page shows it: an example run (label, settings, training and its listener report) or a single
 * listener report (no settings, no training).
 *
 * @param index position on the page, from 0 (names the run's chart slots)
 * @param label the run's name, e.g. {@code SGD}
 * @param example the example run, empty for a single listener report
 * @param report the listener's report
 */
record PageRun(int index, String label, Optional<ExampleReport.Run> example, ObservatoryReport report) {

    /** Validates. */
    PageRun {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(report, "report");
    }

    /** The runs of an example report, in order. */
    static List<PageRun> of(ExampleReport report) {
        List<PageRun> runs = new ArrayList<>();
        for (ExampleReport.Run run : report.runs()) {
            runs.add(new PageRun(runs.size(), run.label(), Optional.of(run), run.observatory()));
        }
        return runs;
    }

    /** The one run of a single listener report, named by {@link #title(ObservatoryReport)}. */
    static List<PageRun> of(ObservatoryReport report) {
        return List.of(new PageRun(0, title(report), Optional.empty(), report));
    }

    /** A listener report's title from its provenance, e.g. {@code MultiLayerNetwork, 50 parameters}. */
    static String title(ObservatoryReport report) {
        Provenance p = report.provenance();
        String type = p.networkType() == null || p.networkType().isBlank() ? "Network" : p.networkType();
        return type + ", " + p.numParams() + " parameters";
    }

    /** The id prefix of this run's chart slots, e.g. {@code run-0}. */
    String slot() {
        return "run-" + index;
    }
}
