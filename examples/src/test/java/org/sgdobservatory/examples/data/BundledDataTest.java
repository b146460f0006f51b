package org.sgdobservatory.examples.data;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bundled file loads with the row and feature counts its NOTICE.md line states. */
class BundledDataTest {

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({
        "DIGITS,        digits.csv.gz,            CLASSIFICATION, 10",
        "IRIS,          iris.csv,                 CLASSIFICATION, 3",
        "WINE,          wine_data.csv,            CLASSIFICATION, 3",
        "BREAST_CANCER, breast_cancer.csv,        CLASSIFICATION, 2",
        "DIABETES,      diabetes_data_raw.csv.gz, REGRESSION,     1",
    })
    void loadsTheCountsTheNoticeStates(Bundled data, String file, LabelledData.Task task, int outputs)
            throws IOException {
        int[] notice = noticeCounts(file);
        LabelledData d = data.load();
        assertAll(
                () -> assertEquals(notice[0], d.rows(), "rows of " + file + " vs NOTICE.md"),
                () -> assertEquals(notice[1], d.featureCount(), "features of " + file + " vs NOTICE.md"),
                () -> assertEquals(notice[0], data.source().rows(), "rows in the report's data source"),
                () -> assertEquals(notice[1], data.source().features(), "features in the report's data source"),
                () -> assertEquals(task, d.task(), "task"),
                () -> assertEquals(outputs, d.outputCount(), "classes / target columns"));
        if (task == LabelledData.Task.CLASSIFICATION) {
            double[] classCount = new double[outputs];
            for (double[] row : d.targets()) {
                double sum = 0;
                for (int k = 0; k < outputs; k++) {
                    sum += row[k];
                    classCount[k] += row[k];
                }
                assertEquals(1.0, sum, 0.0, "one-hot target row");
            }
            for (int k = 0; k < outputs; k++) {
                assertTrue(classCount[k] > 0, "class " + k + " occurs in " + file);
            }
        }
    }

    @Test
    void digitsPixelsAreScaledToTheUnitInterval() {
        double max = 0;
        double min = 1;
        for (double[] row : Bundled.DIGITS.load().features()) {
            for (double v : row) {
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
        }
        assertEquals(0.0, min, 0.0, "smallest pixel");
        assertEquals(1.0, max, 0.0, "largest pixel (16/16)");
    }

    @Test
    void standardisationGivesZeroMeanUnitVarianceOnTheReference() {
        LabelledData wine = Bundled.WINE.load();
        LabelledData.Split split = wine.split(0.8, 3);
        LabelledData train = split.train().standardisedBy(split.train());
        assertEquals(Math.round(0.8 * 178), train.rows(), "80% of 178 rows");
        assertEquals(178, train.rows() + split.test().rows(), "split keeps every row");
        double[][] f = train.features();
        for (int j = 0; j < train.featureCount(); j++) {
            double mean = 0;
            double var = 0;
            for (double[] row : f) {
                mean += row[j] / f.length;
            }
            for (double[] row : f) {
                var += (row[j] - mean) * (row[j] - mean) / f.length;
            }
            // exact up to rounding: population mean and variance of the standardised column
            assertEquals(0.0, mean, 1e-12, "mean of feature " + j);
            assertEquals(1.0, var, 1e-12, "variance of feature " + j);
        }
    }

    /** {@code | `file` | rows x features | ...} in data/NOTICE.md. */
    private static int[] noticeCounts(String file) throws IOException {
        try (InputStream in = BundledDataTest.class.getResourceAsStream("/data/NOTICE.md")) {
            assertNotNull(in, "data/NOTICE.md is bundled");
            String notice = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("\\| `" + Pattern.quote(file) + "` \\| (\\d+) x (\\d+) \\|").matcher(notice);
            assertTrue(m.find(), "NOTICE.md has a line for " + file);
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
        }
    }
}
