package org.sgdobservatory.report.model;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A row's leaf values in column order, checked against the first row's columns ({@link ParameterCsv}) segment by segment while the
 * tree is walked (no path strings are built per row). Not thread-safe: one per write.
 */
final class CsvLeaves {
    private final String[][] columns;
    private final String[] path = new String[32];
    private JsonNode[] cells;
    private int count;

    CsvLeaves(List<String> columns) {
        this.columns = columns.stream().map(c -> c.split("\\.")).toArray(String[][]::new);
    }

    /** The row's cells, or null when its leaves are not exactly the columns. */
    JsonNode[] of(JsonNode row) {
        cells = new JsonNode[columns.length];
        count = 0;
        return walk(row, 0) && count == columns.length ? cells : null;
    }

    private boolean walk(JsonNode node, int depth) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (depth == path.length) {
                    return false;
                }
                path[depth] = e.getKey();
                if (!walk(e.getValue(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (node.isArray() || count == columns.length || !samePath(columns[count], depth)) {
            return false;
        }
        cells[count++] = node;
        return true;
    }

    private boolean samePath(String[] column, int depth) {
        if (column.length != depth) {
            return false;
        }
        for (int k = 0; k < depth; k++) {
            if (!column[k].equals(path[k])) {
                return false;
            }
        }
        return true;
    }
}
