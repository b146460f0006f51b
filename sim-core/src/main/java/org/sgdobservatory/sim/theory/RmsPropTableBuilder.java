package org.sgdobservatory.sim.theory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.sgdobservatory.sim.theory.RmsPropStationaryTable.Source;

/**
 * Collects the nodes and metadata of an {@link RmsPropStationaryTable} (made by
 * {@link RmsPropStationaryTable#builder}): three ascending axes, one value per node, a provenance line per
 * metadata key; {@link #build()} checks that every node is set and that the interpolation error bound is present.
 * Not thread-safe.
 */
public final class RmsPropTableBuilder {

    private final double[] oneMinusRho;
    private final double[] meanField;
    private final double[] rootShare;
    private final double[] ratio;
    private final double[] relativeError;
    private final Source[] source;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    RmsPropTableBuilder(double[] oneMinusRho, double[] meanField, double[] rootShare) {
        this.oneMinusRho = axis("oneMinusRho", oneMinusRho, 0, 1, false);
        this.meanField = axis("meanField", meanField, 0, Double.POSITIVE_INFINITY, true);
        if (this.meanField[0] != 0) {
            throw new IllegalArgumentException("meanField[0] must be 0 (the small-step limit), was "
                    + meanField[0] + "; prepend 0 to the axis");
        }
        this.rootShare = axis("rootShare", rootShare, 0, 1, true);
        int n = oneMinusRho.length * meanField.length * rootShare.length;
        this.ratio = new double[n];
        this.relativeError = new double[n];
        this.source = new Source[n];
    }

    private static double[] axis(String name, double[] values, double low, double high, boolean closed) {
        if (values == null || values.length < 2) {
            throw new IllegalArgumentException(name + " needs at least 2 values, had "
                    + (values == null ? "none" : values.length) + "; pass the node coordinates");
        }
        for (int i = 0; i < values.length; i++) {
            boolean inRange = closed ? values[i] >= low && values[i] <= high : values[i] > low && values[i] < high;
            if (!inRange || (i > 0 && !(values[i] > values[i - 1]))) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + values[i] + " must be in "
                        + (closed ? "[" : "(") + low + ", " + high + (closed ? "]" : ")")
                        + " and above the previous value; pass strictly ascending node coordinates");
            }
        }
        return values.clone();
    }

    /**
     * Sets node {@code (k, i, j)}.
     *
     * @param ratioToMeanField {@code R > 0} finite, or NaN for {@link Source#OMITTED}
     * @param relativeStandardError {@code >= 0} finite (0 for exact nodes; any value when omitted)
     * @param nodeSource where the value comes from
     * @return this builder
     * @throws IllegalArgumentException on an index out of range, a node set twice or an invalid value
     */
    public RmsPropTableBuilder node(int k, int i, int j, double ratioToMeanField, double relativeStandardError,
            Source nodeSource) {
        Objects.requireNonNull(nodeSource, "nodeSource");
        if (!(k >= 0 && k < oneMinusRho.length && i >= 0 && i < meanField.length && j >= 0
                && j < rootShare.length)) {
            throw new IllegalArgumentException("node (" + k + ", " + i + ", " + j + ") is outside the "
                    + oneMinusRho.length + " x " + meanField.length + " x " + rootShare.length + " grid");
        }
        int n = (k * meanField.length + i) * rootShare.length + j;
        if (source[n] != null) {
            throw new IllegalArgumentException("node (" + k + ", " + i + ", " + j + ") is set twice");
        }
        if (nodeSource == Source.OMITTED) {
            ratio[n] = Double.NaN;
            relativeError[n] = Double.NaN;
        } else {
            ratio[n] = Checks.positive("ratioToMeanField", ratioToMeanField, "pass f/F of the node");
            relativeError[n] = Checks.nonNegative("relativeStandardError", relativeStandardError,
                    "pass the node's Monte Carlo relative standard error");
        }
        source[n] = nodeSource;
        return this;
    }

    /**
     * Adds a metadata entry (provenance, errors); {@value RmsPropStationaryTable#INTERPOLATION_ERROR_BOUND}
     * is required.
     *
     * @param key one word
     * @param value one line, not blank
     * @return this builder
     */
    public RmsPropTableBuilder meta(String key, String value) {
        if (key == null || !key.matches("[A-Za-z0-9._-]+") || value == null || value.isBlank()
                || value.contains("\n")) {
            throw new IllegalArgumentException("metadata needs a one-word key and a one-line value, was '"
                    + key + "' = '" + value + "'");
        }
        metadata.put(key, value.strip());
        return this;
    }

    /**
     * The table.
     *
     * @throws IllegalArgumentException if a node is missing or the interpolation bound is not set
     */
    public RmsPropStationaryTable build() {
        for (int n = 0; n < source.length; n++) {
            if (source[n] == null) {
                int j = n % rootShare.length;
                int i = (n / rootShare.length) % meanField.length;
                int k = n / (rootShare.length * meanField.length);
                throw new IllegalArgumentException("node (" + k + ", " + i + ", " + j + ") is not set;"
                        + " set every node, OMITTED where there is no value");
            }
        }
        return new RmsPropStationaryTable(oneMinusRho, meanField, rootShare, ratio, relativeError, source, metadata);
    }
}
