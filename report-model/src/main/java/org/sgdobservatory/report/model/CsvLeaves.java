package org.sgdobservatory.report.model;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;

/**
 * A row's leaf values as CSV cells in column order ({@link ParameterCsv}), checked against the first row's columns
 * segment by segment while the row's JSON tokens stream past: the row is serialised into a token buffer, never into
 * a tree of nodes (a tree per row cost more than the rest of the table's writing), and no path strings are built.
 * Cells: text quoted with quotes doubled, {@code null} empty, floating-point numbers as the report's JSON writes
 * them (Jackson's Schubfach writer: the shortest decimal that reads back to the same value), integers and decimals in
 * their plain forms. Not thread-safe: one per write.
 */
final class CsvLeaves {
    private final String[][] columns;
    private final String[] path = new String[32];
    private final ObjectMapper mapper;

    CsvLeaves(List<String> columns, ObjectMapper mapper) {
        this.columns = columns.stream().map(c -> c.split("\\.")).toArray(String[][]::new);
        this.mapper = mapper;
    }

    /**
     * Appends the row's cells, separated by commas, to {@code line}; false (with {@code line} in an unspecified
     * state) when its leaves are not exactly the columns.
     */
    boolean append(Object row, StringBuilder line) throws IOException {
        TokenBuffer tokens = new TokenBuffer(mapper, false);
        mapper.writeValue(tokens, row);
        int count = 0;
        int depth = 0;
        try (JsonParser p = tokens.asParser()) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case START_OBJECT -> depth++;
                    case END_OBJECT -> depth--;
                    case FIELD_NAME -> {
                        if (depth > path.length) {
                            return false;
                        }
                        path[depth - 1] = p.currentName();
                    }
                    case START_ARRAY, END_ARRAY, VALUE_EMBEDDED_OBJECT, NOT_AVAILABLE -> {
                        return false;
                    }
                    default -> {
                        if (count == columns.length || !samePath(columns[count], depth)) {
                            return false;
                        }
                        if (count++ > 0) {
                            line.append(',');
                        }
                        cell(p, t, line);
                    }
                }
            }
        }
        return count == columns.length;
    }

    private static void cell(JsonParser p, JsonToken t, StringBuilder line) throws IOException {
        switch (t) {
            case VALUE_NULL -> {
            }
            case VALUE_STRING -> line.append('"').append(p.getText().replace("\"", "\"\"")).append('"');
            case VALUE_TRUE -> line.append("true");
            case VALUE_FALSE -> line.append("false");
            default -> {
                switch (p.getNumberType()) {
                    case DOUBLE -> line.append(NumberOutput.toString(p.getDoubleValue(), true));
                    case FLOAT -> line.append(NumberOutput.toString(p.getFloatValue(), true));
                    case BIG_DECIMAL -> line.append(p.getDecimalValue().toString());
                    default -> line.append(p.getNumberValue().toString());
                }
            }
        }
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
