package org.sgdobservatory.examples.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Loaders for the bundled files, one per format (see {@code data/NOTICE.md}): {@link #headerCsv} (iris, wine,
 * breast cancer), {@link #digits} (gzip CSV without header), {@link #diabetes} (gzip, space separated, target in a
 * second file). They return raw values; standardisation is the example's choice. Stateless.
 */
public final class Loaders {

    private Loaders() {
    }

    /**
     * A classification CSV whose first line is {@code rows,features,className...}, then one example per line
     * (features, then the integer label).
     *
     * @param resource classpath resource, e.g. {@code /data/iris.csv}
     * @throws UncheckedIOException if the resource is missing or malformed (the message names the line)
     */
    public static LabelledData headerCsv(String resource) {
        List<String> lines = lines(resource, false);
        String[] head = lines.get(0).split(",");
        int rows = Integer.parseInt(head[0].trim());
        int features = Integer.parseInt(head[1].trim());
        int classes = head.length - 2;
        if (lines.size() - 1 != rows) {
            throw malformed(resource, "header says " + rows + " rows, the file has " + (lines.size() - 1));
        }
        double[][] x = new double[rows][features];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            double[] v = numbers(resource, i + 2, lines.get(i + 1).split(","), features + 1);
            System.arraycopy(v, 0, x[i], 0, features);
            labels[i] = (int) v[features];
        }
        return LabelledData.classification(x, labels, classes);
    }

    /**
     * The optdigits file: gzip CSV, no header, 64 pixel values in 0..16 then the digit. Pixels are divided by 16
     * (to [0, 1]) here, because that is the scale every digits example uses.
     */
    public static LabelledData digits(String resource) {
        List<String> lines = lines(resource, true);
        double[][] x = new double[lines.size()][64];
        int[] labels = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            double[] v = numbers(resource, i + 1, lines.get(i).split(","), 65);
            for (int j = 0; j < 64; j++) {
                x[i][j] = v[j] / 16.0;
            }
            labels[i] = (int) v[64];
        }
        return LabelledData.classification(x, labels, 10);
    }

    /**
     * The diabetes regression data: gzip, space-separated raw features (10 per line, no header), and a second gzip
     * file with one target a line.
     */
    public static LabelledData diabetes(String featuresResource, String targetResource) {
        List<String> xl = lines(featuresResource, true);
        List<String> yl = lines(targetResource, true);
        if (xl.size() != yl.size()) {
            throw malformed(featuresResource, xl.size() + " feature rows but " + yl.size() + " targets in "
                    + targetResource);
        }
        double[][] x = new double[xl.size()][];
        double[][] y = new double[yl.size()][];
        for (int i = 0; i < xl.size(); i++) {
            x[i] = numbers(featuresResource, i + 1, xl.get(i).trim().split("\\s+"), 10);
            y[i] = numbers(targetResource, i + 1, new String[] {yl.get(i).trim()}, 1);
        }
        return new LabelledData(x, y, LabelledData.Task.REGRESSION);
    }

    private static double[] numbers(String resource, int line, String[] parts, int expected) {
        if (parts.length != expected) {
            throw malformed(resource, "line " + line + " has " + parts.length + " values, expected " + expected);
        }
        double[] v = new double[expected];
        for (int j = 0; j < expected; j++) {
            try {
                v[j] = Double.parseDouble(parts[j].trim());
            } catch (NumberFormatException e) {
                throw malformed(resource, "line " + line + " value " + (j + 1) + " is not a number: '" + parts[j] + "'");
            }
        }
        return v;
    }

    private static List<String> lines(String resource, boolean gzip) {
        InputStream raw = Loaders.class.getResourceAsStream(resource);
        if (raw == null) {
            throw new UncheckedIOException(new IOException("bundled data file " + resource
                    + " is missing from the classpath; rebuild the examples jar"));
        }
        try (InputStream in = gzip ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> out = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    out.add(line);
                }
            }
            if (out.isEmpty()) {
                throw malformed(resource, "the file is empty");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read bundled data file " + resource + ": " + e.getMessage(), e);
        }
    }

    private static UncheckedIOException malformed(String resource, String what) {
        return new UncheckedIOException(new IOException("bundled data file " + resource + " is malformed: " + what));
    }
}
