package org.sgdobservatory.sim.theory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The text format of {@link RmsPropStationaryTable} (format version 1), read and written here only.
 *
 * <pre>
 *   # free comment lines, ignored
 *   format rmsprop-stationary-table 1
 *   meta &lt;key&gt; &lt;value to the end of the line&gt;        provenance: command, seed, chains, versions, errors
 *   axis one-minus-rho &lt;ascending values&gt;            1 - rho, rho = DL4J's rmsDecay
 *   axis meanfield-variance 0 &lt;ascending values&gt;     F, the mean field in noise units (first node 0)
 *   axis root-share &lt;ascending values in [0, 1]&gt;     p = sqrt(1 + F)/(sqrt(1 + F) + e)
 *   node &lt;k&gt; &lt;i&gt; &lt;j&gt; &lt;ratio&gt; &lt;relative SE&gt; &lt;source&gt;   one line per node: indices into the three axes
 * </pre>
 * {@code ratio} is {@code f/F}, {@code relative SE} its Monte Carlo standard error divided by it, {@code source}
 * one of {@link RmsPropStationaryTable.Source}'s names; an {@code OMITTED} node has ratio {@code NaN}. Numbers
 * use {@link Locale#ROOT}. Every node must appear once.
 */
final class RmsPropTableText {
    static final String FORMAT = "rmsprop-stationary-table";
    static final int VERSION = 1;

    private RmsPropTableText() {
    }

    /**
     * The UTF-8 text of a resource shipped in sim-core's jar (this table's or the reshuffling correction's).
     *
     * @param remedy how the resource is made, for the message
     * @throws IllegalStateException if the resource is missing (a broken build)
     */
    static Reader shippedResource(String resource, String remedy) {
        InputStream in = RmsPropTableText.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("resource " + resource + " is missing from sim-core's jar;"
                    + " rebuild sim-core (" + remedy + ")");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /**
     * The metadata value {@value RmsPropStationaryTable#INTERPOLATION_ERROR_BOUND} (its first word), checked to be a
     * fraction {@code >= 0}.
     *
     * @throws IllegalArgumentException with {@code remedy} if it is missing or negative
     */
    static double interpolationErrorBound(Map<String, String> metadata, String remedy) {
        String bound = metadata.get(RmsPropStationaryTable.INTERPOLATION_ERROR_BOUND);
        return Checks.nonNegative(RmsPropStationaryTable.INTERPOLATION_ERROR_BOUND,
                bound == null ? Double.NaN : Double.parseDouble(bound.split("\\s+")[0]), remedy);
    }

    static RmsPropStationaryTable read(Reader in) {
        RmsPropTableBuilder builder = null;
        double[][] axes = new double[3][];
        boolean formatSeen = false;
        java.util.LinkedHashMap<String, String> meta = new java.util.LinkedHashMap<>();
        int lineNumber = 0;
        try (BufferedReader lines = new BufferedReader(in)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] w = trimmed.split("\\s+");
                switch (w[0]) {
                    case "format" -> {
                        if (w.length != 3 || !FORMAT.equals(w[1]) || !String.valueOf(VERSION).equals(w[2])) {
                            throw bad(lineNumber, "expected 'format " + FORMAT + " " + VERSION + "'");
                        }
                        formatSeen = true;
                    }
                    case "meta" -> {
                        if (w.length < 3) {
                            throw bad(lineNumber, "meta needs a key and a value");
                        }
                        meta.put(w[1], trimmed.split("\\s+", 3)[2]);
                    }
                    case "axis" -> axes[axisIndex(w, lineNumber)] = numbers(w, 2, lineNumber);
                    case "node" -> {
                        if (builder == null) {
                            if (axes[0] == null || axes[1] == null || axes[2] == null) {
                                throw bad(lineNumber, "all three axis lines must come before the nodes");
                            }
                            builder = RmsPropStationaryTable.builder(axes[0], axes[1], axes[2]);
                        }
                        if (w.length != 7) {
                            throw bad(lineNumber, "node needs k i j ratio relativeSE source");
                        }
                        builder.node(Integer.parseInt(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]),
                                Double.parseDouble(w[4]), Double.parseDouble(w[5]),
                                RmsPropStationaryTable.Source.valueOf(w[6]));
                    }
                    default -> throw bad(lineNumber, "unknown line type '" + w[0] + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the RMSProp table", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RMSProp table line " + lineNumber + ": " + e.getMessage(), e);
        }
        if (!formatSeen || builder == null) {
            throw new IllegalArgumentException("not an RMSProp table: no 'format " + FORMAT + " " + VERSION
                    + "' line or no nodes; pass a file written by RmsPropStationaryTable.write");
        }
        meta.forEach(builder::meta);
        return builder.build();
    }

    static void write(RmsPropStationaryTable table, Writer out) {
        try {
            out.write("# SGD Observatory: stationary variance of DL4J's RmsProp on a noisy 1-D quadratic, tabulated as\n");
            out.write("# the ratio f/F of the exact scaled variance to the mean field (see RmsPropStationaryTable).\n");
            out.write("format " + FORMAT + " " + VERSION + "\n");
            for (Map.Entry<String, String> m : table.metadata().entrySet()) {
                out.write("meta " + m.getKey() + " " + m.getValue() + "\n");
            }
            out.write("axis one-minus-rho" + join(table.oneMinusRhoAxis()) + "\n");
            out.write("axis meanfield-variance" + join(table.meanFieldAxis()) + "\n");
            out.write("axis root-share" + join(table.rootShareAxis()) + "\n");
            out.write("# node k(one-minus-rho) i(meanfield-variance) j(root-share) ratio relativeSE source\n");
            int nk = table.oneMinusRhoAxis().length;
            int ni = table.meanFieldAxis().length;
            int nj = table.rootShareAxis().length;
            for (int k = 0; k < nk; k++) {
                for (int i = 0; i < ni; i++) {
                    for (int j = 0; j < nj; j++) {
                        out.write(String.format(Locale.ROOT, "node %d %d %d %.6f %.3e %s%n", k, i, j,
                                table.nodeRatio(k, i, j), table.nodeRelativeStandardError(k, i, j),
                                table.nodeSource(k, i, j).name()));
                    }
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the RMSProp table", e);
        }
    }

    private static int axisIndex(String[] w, int lineNumber) {
        if (w.length < 4) {
            throw bad(lineNumber, "an axis needs a name and at least two values");
        }
        return switch (w[1]) {
            case "one-minus-rho" -> 0;
            case "meanfield-variance" -> 1;
            case "root-share" -> 2;
            default -> throw bad(lineNumber, "unknown axis '" + w[1] + "'");
        };
    }

    private static double[] numbers(String[] w, int from, int lineNumber) {
        double[] v = new double[w.length - from];
        for (int i = 0; i < v.length; i++) {
            try {
                v[i] = Double.parseDouble(w[from + i]);
            } catch (NumberFormatException e) {
                throw bad(lineNumber, "not a number: '" + w[from + i] + "'");
            }
        }
        return v;
    }

    private static String join(double[] values) {
        StringBuilder s = new StringBuilder();
        Arrays.stream(values).forEach(v -> s.append(' ').append(String.format(Locale.ROOT, "%.10g", v)));
        return s.toString();
    }

    private static IllegalArgumentException bad(int lineNumber, String what) {
        return new IllegalArgumentException("line " + lineNumber + ": " + what
                + "; regenerate the table with benchmarks/run-rmsprop-table.sh");
    }
}
