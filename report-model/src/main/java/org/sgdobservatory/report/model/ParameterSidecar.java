package org.sgdobservatory.report.model;

import java.util.List;
import java.util.Objects;

/**
 * Where a report's per-parameter rows are when there are too many for the JSON file: a gzipped CSV file beside it
 * ({@link ParameterCsv}), one row per tracked parameter with the {@link ParameterReport}'s fields flattened into
 * columns. {@link ReportJson#readFile} loads the rows back into {@link ObservatoryReport#parameters()}.
 *
 * @param file the file's name, in the report file's directory: {@code <report name>.parameters.<crc>.csv.gz}, where
 *     {@code <crc>} is the CRC-32C of the file's bytes in 8 hexadecimal digits (so a report and its rows always belong
 *     together, even when a write is interrupted)
 * @param rows the number of rows (tracked parameters)
 * @param bytes the file's size in bytes
 * @param columns the CSV header: the flattened field names of {@link ParameterReport}, e.g. {@code key},
 *     {@code observed.variance.value}
 */
public record ParameterSidecar(String file, long rows, long bytes, List<String> columns) {

    /** Validates and copies the column list. */
    public ParameterSidecar {
        Objects.requireNonNull(file, "file");
        columns = List.copyOf(columns);
        if (rows < 0 || bytes < 0) {
            throw new IllegalArgumentException("rows and bytes must be >= 0, were " + rows + " and " + bytes);
        }
    }
}
