package org.sgdobservatory.report.html;

import java.util.List;
import java.util.function.BiConsumer;

import org.sgdobservatory.report.model.Coverage;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.VerdictState;

/**
 * The markup the per-run table sections share ({@link DirectionSection}, {@link GroupTables}): a section with its
 * explanation and one part per run under the run's heading, a scrolling numeric table, the verdict row under a
 * table row, a verdict's words coloured by its state, and the coverage and interval cells. Stateless and
 * thread-safe.
 */
final class RunTables {

    private RunTables() {
    }

    /**
     * {@code <section id="ID"><h2>HEADING</h2><p class="how">...</p>}, then per run its heading (when the page has
     * several runs or reports to tell apart) and {@code part}, then {@code </section>}.
     *
     * @param howHtml the section's explanation, as markup
     */
    static void section(StringBuilder out, String id, String heading, String howHtml, List<PageRun> runs,
                        BiConsumer<StringBuilder, PageRun> part) {
        out.append("<section id=\"").append(id).append("\">\n<h2>").append(heading).append("</h2>\n<p class=\"how\">")
                .append(howHtml).append("</p>\n");
        for (PageRun run : runs) {
            if (run.example().isPresent() || run.source().isPresent()) {
                out.append("<h3>").append(Html.escape(run.label())).append("</h3>\n");
            }
            part.accept(out, run);
        }
        out.append("</section>\n");
    }

    /**
     * A table that scrolls sideways on a narrow page: {@code headHtml} (the {@code <th>} cells) as its head and one
     * {@code row} per item as its body.
     *
     * @param cssClass the table's classes, e.g. {@code num groups}
     */
    static <T> void table(StringBuilder out, String cssClass, String headHtml, List<T> items,
                          BiConsumer<StringBuilder, T> row) {
        out.append("<div class=\"scroll\"><table class=\"").append(cssClass).append("\">\n<thead><tr>").append(headHtml)
                .append("</tr></thead>\n<tbody>\n");
        for (T item : items) {
            row.accept(out, item);
        }
        out.append("</tbody>\n</table></div>\n");
    }

    /**
     * Opens the verdict row under a table row, spanning its {@code columns}, and writes the verdict's words in it;
     * the caller adds what follows the words and closes the row with {@code </td></tr>}.
     */
    static StringBuilder openVerdictRow(StringBuilder out, int columns, VerdictState state, String words) {
        return out.append("<tr class=\"verdict-row\"><td colspan=\"").append(columns).append("\">")
                .append(verdictHtml(state, words));
    }

    /** A verdict's words (plain text) coloured by its state: {@code <span class="a state-...">words</span>}. */
    static String verdictHtml(VerdictState state, String words) {
        return "<span class=\"a " + Words.stateClass(state) + "\">" + Html.escape(words) + "</span>";
    }

    /** "3/4 = 75% [30%–95%]", or a dash when none is judged. */
    static String coverageCell(Coverage c) {
        if (c.judged() == 0) {
            return Html.ABSENT_HTML;
        }
        return c.covering() + "/" + c.judged() + " = " + Html.percentHtml(c.fraction()) + " ["
                + Html.percentHtml(c.low95()) + "–" + Html.percentHtml(c.high95()) + "]";
    }

    /** "1.05 [0.97–1.13]", or a dash when not estimable. */
    static String intervalCell(Interval i) {
        if (!Double.isFinite(i.value())) {
            return Html.ABSENT_HTML;
        }
        return Html.number(i.value()) + (Double.isFinite(i.low95()) && Double.isFinite(i.high95())
                ? " [" + Html.number(i.low95()) + "–" + Html.number(i.high95()) + "]" : "");
    }
}
