package org.sgdobservatory.sim.theory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text format of {@link RmsPropReshuffling}'s correction (format version 1), read here only:
 * <pre>
 *   # free comment lines, ignored
 *   format rmsprop-reshuffling-correction 1
 *   meta &lt;key&gt; &lt;value to the end of the line&gt;
 *   axis batches-per-epoch &lt;ascending positive values&gt;    K
 *   axis scaled-step &lt;ascending positive values&gt;          a = lr h/sigma
 *   node &lt;iK&gt; &lt;ia&gt; &lt;c&gt; &lt;relative SE&gt;                  one line per node, after both axes
 * </pre>
 * Stateless and thread-safe.
 */
final class RmsPropReshufflingText {
    private static final String FORMAT = "format rmsprop-reshuffling-correction 1";

    private RmsPropReshufflingText() {
    }

    /** See {@link RmsPropReshuffling#read(Reader, RmsPropStationaryTable)}. */
    static RmsPropReshuffling read(Reader in, RmsPropStationaryTable iidTable) {
        Map<String, String> meta = new LinkedHashMap<>();
        double[] k = null;
        double[] a = null;
        double[] c = null;
        double[] se = null;
        boolean format = false;
        int line = 0;
        try (BufferedReader lines = new BufferedReader(in)) {
            for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                line++;
                String t = text.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] w = t.split("\\s+");
                if (t.equals(FORMAT)) {
                    format = true;
                } else if (w[0].equals("meta") && w.length >= 3) {
                    meta.put(w[1], t.split("\\s+", 3)[2]);
                } else if (w[0].equals("axis") && w.length >= 4 && w[1].equals("batches-per-epoch")) {
                    k = numbers(w);
                } else if (w[0].equals("axis") && w.length >= 4 && w[1].equals("scaled-step")) {
                    a = numbers(w);
                } else if (w[0].equals("node") && w.length == 5 && k != null && a != null) {
                    if (c == null) {
                        c = new double[k.length * a.length];
                        se = new double[c.length];
                        Arrays.fill(c, Double.NaN);
                    }
                    int n = Integer.parseInt(w[1]) * a.length + Integer.parseInt(w[2]);
                    c[n] = Checks.positive("correction", Double.parseDouble(w[3]), "regenerate the file");
                    se[n] = Checks.nonNegative("relative SE", Double.parseDouble(w[4]), "regenerate the file");
                } else {
                    throw new IllegalArgumentException("unexpected line: " + t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the RMSProp reshuffling correction", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("RMSProp reshuffling correction line " + line + ": " + e.getMessage()
                    + "; regenerate it with benchmarks/run-rmsprop-reshuffling-study.sh --write", e);
        }
        if (!format || c == null || Arrays.stream(c).anyMatch(Double::isNaN)) {
            throw new IllegalArgumentException("not a complete RMSProp reshuffling correction (format line, axes and"
                    + " every node needed); regenerate it with benchmarks/run-rmsprop-reshuffling-study.sh --write");
        }
        return new RmsPropReshuffling(new ReshufflingCorrectionGrid(k, a, c, se), meta, iidTable);
    }

    private static double[] numbers(String[] w) {
        double[] v = new double[w.length - 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(w[i + 2]);
            if (i > 0 && !(v[i] > v[i - 1]) || !(v[i] > 0)) {
                throw new IllegalArgumentException("axis values must be positive and ascending: " + w[i + 2]);
            }
        }
        return v;
    }
}
