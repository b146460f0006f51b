package org.sgdobservatory.examples.data;

/**
 * The bundled data sets: loader plus attribution. Row and feature counts are those of {@code data/NOTICE.md}
 * (a test checks that the files match).
 */
public enum Bundled {
    /** Handwritten digits 8x8 (optdigits test set), pixels scaled to [0, 1]. */
    DIGITS(DataSource.uci("UCI optdigits (test set)", 1797, 64, "digits.csv.gz", "Alpaydin & Kaynak (1998)")),
    /** Fisher's iris. */
    IRIS(DataSource.uci("UCI Iris", 150, 4, "iris.csv", "Fisher (1936)")),
    /** Wine cultivars. */
    WINE(DataSource.uci("UCI Wine", 178, 13, "wine_data.csv", "Forina et al. (1988)")),
    /** Breast Cancer Wisconsin (Diagnostic). */
    BREAST_CANCER(DataSource.uci("UCI Breast Cancer Wisconsin (Diagnostic)", 569, 30, "breast_cancer.csv",
            "Street, Wolberg & Mangasarian (1993)")),
    /** Diabetes progression (raw features). */
    DIABETES(DataSource.uci("Diabetes (Efron et al. 2004)", 442, 10,
            "diabetes_data_raw.csv.gz, diabetes_target.csv.gz", "Efron, Hastie, Johnstone & Tibshirani (2004)"));

    private final DataSource source;

    Bundled(DataSource source) {
        this.source = source;
    }

    /** Attribution and counts. */
    public DataSource source() {
        return source;
    }

    /** Reads the file(s) from the classpath (raw values; digits scaled to [0, 1]). */
    public LabelledData load() {
        return switch (this) {
            case DIGITS -> Loaders.digits("/data/digits.csv.gz");
            case IRIS -> Loaders.headerCsv("/data/iris.csv");
            case WINE -> Loaders.headerCsv("/data/wine_data.csv");
            case BREAST_CANCER -> Loaders.headerCsv("/data/breast_cancer.csv");
            case DIABETES -> Loaders.diabetes("/data/diabetes_data_raw.csv.gz", "/data/diabetes_target.csv.gz");
        };
    }
}
