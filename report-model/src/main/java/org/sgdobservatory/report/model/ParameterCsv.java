package org.sgdobservatory.report.model;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The CSV form of per-parameter rows ({@link ParameterSidecar}): one header line with the flattened field names of
 * {@link ParameterReport} as its JSON form has them ({@code key}, {@code index}, {@code rate.updater},
 * {@code observed.variance.value}, ..., {@code verdict.notJudged}), then one line per parameter. Cells are typed by
 * their form, so reading gives back exactly the records written: text is always quoted ({@code "0_W"}, quotes doubled);
 * numbers, {@code true} and {@code false} are not; an empty cell is JSON {@code null} (NaN for a number, an empty
 * {@code Optional}). Numbers are written as Jackson writes them in the JSON report (shortest decimal that reads back
 * to the same double). RFC 4180 otherwise (comma, CRLF-free: lines end with LF). Stateless and thread-safe.
 */
public final class ParameterCsv {

    private ParameterCsv() {
    }

    /** The column names of a row: the leaves of its JSON tree, path segments joined by dots. */
    public static List<String> columns(ParameterReport row) {
        return new ArrayList<>(flatten(row).keySet());
    }

    /**
     * Writes the header and the rows as UTF-8 text to {@code out} (not closed; compress it yourself).
     *
     * @return the columns written
     * @throws IllegalArgumentException when {@code rows} is empty or a row has other columns than the first
     */
    public static List<String> write(List<ParameterReport> rows, OutputStream out) throws IOException {
        List<String> columns = tableColumns(rows);
        write(rows, columns, out);
        return columns;
    }

    /**
     * The columns of a table of {@code rows}: those of its first row ({@link #columns(ParameterReport)}).
     *
     * @throws IllegalArgumentException when {@code rows} is empty
     */
    public static List<String> tableColumns(List<ParameterReport> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows to write; a sidecar holds at least one parameter");
        }
        return columns(rows.get(0));
    }

    /**
     * Writes the header of {@code columns} and the rows, as {@link #write(List, OutputStream)} does, for a caller
     * that has the columns already ({@link #tableColumns}).
     *
     * @throws IllegalArgumentException when a row has other columns
     */
    public static void write(List<ParameterReport> rows, List<String> columns, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write(String.join(",", columns));
        w.write('\n');
        writeRows(rows, columns, w);
    }

    /**
     * Writes the rows without a header, as UTF-8 text to {@code out} (not closed): the lines that follow those of
     * {@link #write(List, List, OutputStream)} when a table is written in parts.
     *
     * @param columns the table's columns ({@link #tableColumns})
     * @throws IllegalArgumentException when a row has other columns
     */
    public static void writeRows(List<ParameterReport> rows, List<String> columns, OutputStream out)
            throws IOException {
        writeRows(rows, columns, new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16));
    }

    private static void writeRows(List<ParameterReport> rows, List<String> columns, Writer w) throws IOException {
        StringBuilder line = new StringBuilder(512);
        CsvLeaves leaves = new CsvLeaves(columns, ReportJson.mapper());
        for (ParameterReport r : rows) {
            line.setLength(0);
            if (!leaves.append(r, line)) {
                throw new IllegalArgumentException("row " + r.key() + "[" + r.index() + "] has columns "
                        + flatten(r).keySet() + ", the first row " + columns);
            }
            line.append('\n');
            w.append(line);
        }
        w.flush();
    }

    /**
     * Reads rows written by {@link #write}.
     *
     * @throws ReportFormatException naming the line when the text is not such a table
     */
    public static List<ParameterReport> read(InputStream in) throws IOException {
        return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16));
    }

    /** As {@link #read(InputStream)}, from characters. */
    public static List<ParameterReport> read(Reader in) throws IOException {
        Lines lines = new Lines(in);
        List<Cell> header = lines.next();
        if (header == null) {
            throw new ReportFormatException("the parameter table is empty; was it truncated? write the report again");
        }
        String[][] paths = new String[header.size()][];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = header.get(i).text().split("\\.");
        }
        List<ParameterReport> rows = new ArrayList<>();
        for (List<Cell> cells = lines.next(); cells != null; cells = lines.next()) {
            if (cells.size() != paths.length) {
                throw new ReportFormatException("line " + lines.number() + " of the parameter table has " + cells.size()
                        + " cells, the header " + paths.length + "; was it truncated? write the report again");
            }
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < paths.length; i++) {
                ObjectNode parent = root;
                for (int k = 0; k < paths[i].length - 1; k++) {
                    JsonNode child = parent.get(paths[i][k]);
                    parent = child instanceof ObjectNode o ? o : parent.putObject(paths[i][k]);
                }
                parent.set(paths[i][paths[i].length - 1], cells.get(i).node());
            }
            try {
                rows.add(ReportJson.mapper().treeToValue(root, ParameterReport.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new ReportFormatException("line " + lines.number() + " of the parameter table does not match the"
                        + " schema: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return rows;
    }

    private static Map<String, JsonNode> flatten(ParameterReport row) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        flatten("", ReportJson.mapper().valueToTree(row), out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            throw new IllegalArgumentException(prefix + " is an array; the parameter table holds scalars only");
        } else {
            out.put(prefix, node);
        }
    }

    /** One cell as read: its text and whether it was quoted. */
    private record Cell(String text, boolean quoted) {
        JsonNode node() {
            if (quoted) {
                return TextNode.valueOf(text);
            }
            if (text.isEmpty()) {
                return NullNode.getInstance();
            }
            if (text.equals("true") || text.equals("false")) {
                return BooleanNode.valueOf(text.equals("true"));
            }
            try {
                if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
                    return LongNode.valueOf(Long.parseLong(text));
                }
                return DoubleNode.valueOf(Double.parseDouble(text));
            } catch (NumberFormatException e) {
                throw new ReportFormatException("'" + text + "' in the parameter table is neither quoted text nor a"
                        + " number; was the file edited? write the report again");
            }
        }
    }

    /** Splits the text into lines of cells (quoted cells may hold commas, quotes and line breaks). */
    private static final class Lines {
        private final Reader in;
        private long number;
        private boolean ended;

        Lines(Reader in) {
            this.in = in;
        }

        long number() {
            return number;
        }

        /** The next line's cells, or null at the end. */
        List<Cell> next() throws IOException {
            if (ended) {
                return null;
            }
            List<Cell> cells = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            boolean quoted = false;
            int c = in.read();
            if (c < 0) {
                ended = true;
                return null;
            }
            number++;
            while (true) {
                if (c == '"' && text.length() == 0 && !quoted) {
                    quoted = true;
                    while (true) {
                        int q = in.read();
                        if (q < 0) {
                            throw new ReportFormatException("line " + number + " of the parameter table ends inside"
                                    + " quotes; was it truncated? write the report again");
                        }
                        if (q == '"') {
                            int after = in.read();
                            if (after == '"') {
                                text.append('"');
                                continue;
                            }
                            c = after;
                            break;
                        }
                        text.append((char) q);
                    }
                    continue;
                }
                if (c < 0 || c == '\n') {
                    cells.add(new Cell(text.toString(), quoted));
                    if (c < 0) {
                        ended = true;
                    }
                    return cells;
                }
                if (c == ',') {
                    cells.add(new Cell(text.toString(), quoted));
                    text.setLength(0);
                    quoted = false;
                } else {
                    text.append((char) c);
                }
                c = in.read();
            }
        }
    }
}
