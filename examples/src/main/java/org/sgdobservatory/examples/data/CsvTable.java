package org.sgdobservatory.examples.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A user's training table in CSV: a header row naming the columns, then one example per line, every cell a number,
 * separated by commas (cells may be wrapped in double quotes; blank lines are skipped). One column is the label:
 * with {@code classes} an integer class {@code 0..classes-1} (one-hot targets), without it a real target
 * (regression). {@link #write} writes a {@link LabelledData} in the same form. The file is read whole on
 * {@link #read}; every message names the file, the line and the column. Immutable.
 */
public final class CsvTable {

    private final Path file;
    private final List<String> columns;
    private final List<String[]> rows;
    private final int[] lines;

    private CsvTable(Path file, List<String> columns, List<String[]> rows, int[] lines) {
        this.file = file;
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.lines = lines;
    }

    /**
     * Reads {@code file}: its header and its rows, each with as many cells as the header.
     *
     * @throws IOException naming the file (and the line) when it is missing, a directory, empty, has no data row, or
     *     a row has a different number of cells than the header
     */
    public static CsvTable read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("data file '" + file + "' is a directory; give a CSV file with a header row");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("data file '" + file + "' does not exist; give a CSV file with a header row");
        }
        List<String> columns = null;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int n = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = cells(line);
                if (columns == null) {
                    columns = List.of(cells);
                } else if (cells.length != columns.size()) {
                    throw new IOException("data file '" + file + "' line " + n + " has " + cells.length
                            + " values but the header has " + columns.size() + " columns; every row needs one value"
                            + " per column");
                } else {
                    rows.add(cells);
                    lines.add(n);
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException("data file '" + file + "' is not UTF-8 text; give a CSV file with a header row", e);
        }
        if (columns == null) {
            throw new IOException("data file '" + file + "' is empty; give a CSV file with a header row");
        }
        if (rows.isEmpty()) {
            throw new IOException("data file '" + file + "' has a header but no data rows");
        }
        return new CsvTable(file, columns, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The header's column names, in order. */
    public List<String> columns() {
        return columns;
    }

    /** Data rows. */
    public int rows() {
        return rows.size();
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /**
     * The column called {@code label}, or, when no column has that name and it is an integer, the column with that
     * 0-based index; empty when neither.
     */
    public OptionalInt column(String label) {
        int named = columns.indexOf(label);
        if (named >= 0) {
            return OptionalInt.of(named);
        }
        try {
            int index = Integer.parseInt(label.trim());
            return index >= 0 && index < columns.size() ? OptionalInt.of(index) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * The table as examples: every column but {@code labelColumn} a feature, in order; the label a class
     * {@code 0..classes-1} (one-hot) when {@code classes} is given, else the regression target.
     *
     * @throws IOException naming the line and the column of a cell that is not a finite number, or of a label that
     *     is not one of the classes
     */
    public LabelledData labelled(int labelColumn, OptionalInt classes) throws IOException {
        if (!(labelColumn >= 0 && labelColumn < columns.size())) {
            throw new IllegalArgumentException("label column " + labelColumn + " outside 0.." + (columns.size() - 1));
        }
        if (columns.size() < 2) {
            throw new IOException("data file '" + file + "' has only the label column; it needs at least one feature"
                    + " column besides it");
        }
        int n = rows.size();
        double[][] x = new double[n][columns.size() - 1];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            String[] cells = rows.get(i);
            for (int j = 0, f = 0; j < cells.length; j++) {
                double v = number(i, j, cells[j]);
                if (j == labelColumn) {
                    y[i] = v;
                } else {
                    x[i][f++] = v;
                }
            }
        }
        if (classes.isEmpty()) {
            double[][] targets = new double[n][];
            for (int i = 0; i < n; i++) {
                targets[i] = new double[] {y[i]};
            }
            return new LabelledData(x, targets, LabelledData.Task.REGRESSION);
        }
        int k = classes.getAsInt();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            if (!(y[i] == Math.rint(y[i]) && y[i] >= 0 && y[i] < k)) {
                throw new IOException("data file '" + file + "' line " + lines[i] + ", label column '"
                        + columns.get(labelColumn) + "': " + rows.get(i)[labelColumn].trim() + " is not a class 0.."
                        + (k - 1) + " (--classes " + k + "); labels must be integers from 0");
            }
            labels[i] = (int) y[i];
        }
        return LabelledData.classification(x, labels, k);
    }

    /**
     * Writes {@code data} as CSV: header {@code x1,...,xn,label} (classification: the class index) or
     * {@code x1,...,xn,target} (one regression target), then one row per example; numbers in full precision.
     *
     * @return {@code file}
     * @throws IOException when it cannot be written
     * @throws IllegalArgumentException for a regression table with several targets
     */
    public static Path write(LabelledData data, Path file) throws IOException {
        boolean classification = data.task() == LabelledData.Task.CLASSIFICATION;
        if (!classification && data.outputCount() != 1) {
            throw new IllegalArgumentException("a CSV table holds one target column; this table has "
                    + data.outputCount());
        }
        StringBuilder sb = new StringBuilder();
        for (int j = 1; j <= data.featureCount(); j++) {
            sb.append('x').append(j).append(',');
        }
        sb.append(classification ? "label" : "target").append('\n');
        double[][] x = data.features();
        double[][] t = data.targets();
        for (int i = 0; i < x.length; i++) {
            for (double v : x[i]) {
                sb.append(v).append(',');
            }
            sb.append(classification ? String.valueOf(argMax(t[i])) : String.valueOf(t[i][0])).append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private double number(int row, int column, String cell) throws IOException {
        String text = cell.trim();
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v)) {
            throw new IOException("data file '" + file + "' line " + lines[row] + ", column '" + columns.get(column)
                    + "' (" + (column + 1) + " of " + columns.size() + "): '" + text + "' is not a finite number;"
                    + " every column must be numeric (encode categories as numbers)");
        }
        return v;
    }

    private static int argMax(double[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        return best;
    }

    /** The cells of a line, split at commas, each trimmed and stripped of surrounding double quotes. */
    private static String[] cells(String line) {
        String[] parts = line.split(",", -1);
        for (int j = 0; j < parts.length; j++) {
            String p = parts[j].trim();
            if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
                p = p.substring(1, p.length() - 1).trim();
            }
            parts[j] = p;
        }
        return parts;
    }
}
