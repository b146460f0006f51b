package org.sgdobservatory.report.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.base.GeneratorBase;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A row's leaf values as CSV cells in column order ({@link ParameterCsv}), checked against the first row's columns
 * segment by segment as Jackson serialises the row: the row's serializer writes into this generator, which appends
 * each leaf to the line as it comes, so no tree of nodes, no buffer of tokens to be parsed again and no path strings
 * are made (a tree per row cost more than the rest of the table's writing; a token buffer parsed again per row
 * allocated 1.5 times as much and took 1.3 to 1.9 times as long the first time,
 * {@code BENCHMARKS.md#window-end-to-report}). Cells: text quoted with quotes doubled, {@code null} empty,
 * floating-point numbers as the report's JSON writes them (Jackson's Schubfach writer: the shortest decimal that reads
 * back to the same value), integers and decimals in their plain forms. Not thread-safe: one per write.
 */
final class CsvLeaves extends GeneratorBase {
    private final String[][] columns;
    private final String[] path = new String[32];
    private StringBuilder line;
    private int depth;
    private int count;
    /** The row's leaves left the columns (another path, an array, a binary or raw value, or too deep). */
    private boolean mismatch;

    CsvLeaves(List<String> columns, ObjectMapper mapper) {
        super(0, mapper);
        this.columns = columns.stream().map(c -> c.split("\\.")).toArray(String[][]::new);
    }

    /**
     * Appends the row's cells, separated by commas, to {@code line}; false (with {@code line} in an unspecified
     * state) when its leaves are not exactly the columns.
     */
    boolean append(Object row, StringBuilder line) throws IOException {
        this.line = line;
        depth = 0;
        count = 0;
        mismatch = false;
        // the mapper given at construction, held as this generator's codec
        _objectCodec.writeValue(this, row);
        return !mismatch && depth == 0 && count == columns.length;
    }

    /** Starts a cell at the current path, or marks the row as not matching the columns. */
    private boolean cell() {
        _writeContext.writeValue();
        if (mismatch || count == columns.length || !samePath(columns[count], depth)) {
            mismatch = true;
            return false;
        }
        if (count++ > 0) {
            line.append(',');
        }
        return true;
    }

    private void text(String s) {
        if (cell()) {
            line.append('"');
            if (s.indexOf('"') < 0) {
                line.append(s);
            } else {
                line.append(s.replace("\"", "\"\""));
            }
            line.append('"');
        }
    }

    private void plain(String s) {
        if (cell()) {
            line.append(s);
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

    @Override
    public void writeStartObject() {
        _writeContext.writeValue();
        _writeContext = _writeContext.createChildObjectContext(null);
        depth++;
    }

    @Override
    public void writeStartObject(Object forValue) {
        writeStartObject();
        _writeContext.setCurrentValue(forValue);
    }

    @Override
    public void writeEndObject() {
        _writeContext = _writeContext.clearAndGetParent();
        depth--;
    }

    @Override
    public void writeFieldName(String name) throws IOException {
        _writeContext.writeFieldName(name);
        if (depth < 1 || depth > path.length) {
            mismatch = true;
        } else {
            path[depth - 1] = name;
        }
    }

    @Override
    public void writeFieldName(SerializableString name) throws IOException {
        writeFieldName(name.getValue());
    }

    @Override
    public void writeStartArray() {
        mismatch = true;
        _writeContext.writeValue();
        _writeContext = _writeContext.createChildArrayContext(null);
    }

    @Override
    public void writeEndArray() {
        _writeContext = _writeContext.clearAndGetParent();
    }

    @Override
    public void writeString(String text) {
        if (text == null) {
            writeNull();
        } else {
            text(text);
        }
    }

    @Override
    public void writeString(char[] text, int offset, int len) {
        text(new String(text, offset, len));
    }

    @Override
    public void writeString(SerializableString text) {
        text(text.getValue());
    }

    @Override
    public void writeNumber(int v) {
        plain(Integer.toString(v));
    }

    @Override
    public void writeNumber(long v) {
        plain(Long.toString(v));
    }

    @Override
    public void writeNumber(BigInteger v) {
        if (v == null) {
            writeNull();
        } else {
            plain(v.toString());
        }
    }

    @Override
    public void writeNumber(double v) {
        plain(NumberOutput.toString(v, true));
    }

    @Override
    public void writeNumber(float v) {
        plain(NumberOutput.toString(v, true));
    }

    @Override
    public void writeNumber(BigDecimal v) {
        if (v == null) {
            writeNull();
        } else {
            plain(v.toString());
        }
    }

    @Override
    public void writeNumber(String encodedValue) {
        if (encodedValue == null) {
            writeNull();
        } else {
            plain(encodedValue);
        }
    }

    @Override
    public void writeBoolean(boolean state) {
        plain(state ? "true" : "false");
    }

    @Override
    public void writeNull() {
        cell();
    }

    // a parameter row holds none of these: a row that writes one does not match its columns

    @Override
    public void writeRawUTF8String(byte[] text, int offset, int length) {
        mismatch = true;
    }

    @Override
    public void writeUTF8String(byte[] text, int offset, int length) {
        mismatch = true;
    }

    @Override
    public void writeRaw(String text) {
        mismatch = true;
    }

    @Override
    public void writeRaw(String text, int offset, int len) {
        mismatch = true;
    }

    @Override
    public void writeRaw(char[] text, int offset, int len) {
        mismatch = true;
    }

    @Override
    public void writeRaw(char c) {
        mismatch = true;
    }

    @Override
    public void writeBinary(Base64Variant variant, byte[] data, int offset, int len) {
        mismatch = true;
    }

    @Override
    public int writeBinary(Base64Variant variant, InputStream data, int dataLength) {
        mismatch = true;
        return 0;
    }

    @Override
    public void writeEmbeddedObject(Object object) {
        mismatch = true;
    }

    @Override
    public void writeString(Reader reader, int len) {
        mismatch = true;
    }

    @Override
    public void flush() {
        // cells go to the caller's line
    }

    @Override
    protected void _releaseBuffers() {
        // none held
    }

    @Override
    protected void _verifyValueWrite(String typeMsg) {
        // every value is checked against the columns instead
    }
}
