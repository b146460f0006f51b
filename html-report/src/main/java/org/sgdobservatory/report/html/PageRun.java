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
 * @param source the report the run came from, on a comparison page of several reports (empty otherwise)
 */
record PageRun(int index, String label, Optional<ExampleReport.Run> example, ObservatoryReport report,
               Optional<ComparedReport> source) {

    /** Validates. */
    PageRun {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(source, "source");
    }

    /** The runs of an example report, in order. */
    static List<PageRun> of(ExampleReport report) {
        List<PageRun> runs = new ArrayList<>();
        for (ExampleReport.Run run : report.runs()) {
            runs.add(new PageRun(runs.size(), run.label(), Optional.of(run), run.observatory(), Optional.empty()));
        }
        return runs;
    }

    /** The one run of a single listener report, named by {@link #title(ObservatoryReport)}. */
    static List<PageRun> of(ObservatoryReport report) {
        return List.of(new PageRun(0, title(report), Optional.empty(), report, Optional.empty()));
    }

    /**
     * The runs of several reports, in order: each labelled by its report's source and its own label (e.g.
     * {@code sgd/report.json: SGD}; a listener report's run by its network's title).
     */
    static List<PageRun> of(List<ComparedReport> reports) {
        List<PageRun> runs = new ArrayList<>();
        for (ComparedReport r : reports) {
            for (ComparedReport.Run run : r.runs()) {
                runs.add(new PageRun(runs.size(), run.label(), run.example(), run.report(), Optional.of(r)));
            }
        }
        return runs;
    }

    /** A listener report's title from its provenance, e.g. {@code MultiLayerNetwork, 50 parameters}. */
    static String title(ObservatoryReport report) {
        Provenance p = report.provenance();
        String type = p.networkType() == null || p.networkType().isBlank() ? "Network" : p.networkType();
        return type + ", " + p.numParams() + " parameters";
    }

    /** What was trained: the example's title when the run is an example report's, else the network's title. */
    String network() {
        return source().filter(ComparedReport.Example.class::isInstance)
                .map(s -> Header.title(((ComparedReport.Example) s).report())).orElse(title(report));
    }

    /** The id prefix of this run's chart slots, e.g. {@code run-0}. */
    String slot() {
        return "run-" + index;
    }
}
