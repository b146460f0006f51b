package org.sgdobservatory.examples.data;

import java.util.Objects;

/**
 * Where an example's data come from, as shown in the report ({@code example.data} of {@code report.json}).
 *
 * @param name e.g. {@code UCI optdigits (test set)}
 * @param rows examples in the whole data set (before the train/test split)
 * @param features input features
 * @param source where the file comes from
 * @param license licence of the data
 * @param citation whom to cite
 */
public record DataSource(String name, int rows, int features, String source, String license, String citation) {

    /** Validates. */
    public DataSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(citation, "citation");
        if (!(rows > 0 && features > 0)) {
            throw new IllegalArgumentException("rows and features must be > 0, were " + rows + ", " + features);
        }
    }

    /** A bundled UCI file copied from scikit-learn. */
    static DataSource uci(String name, int rows, int features, String file, String citation) {
        return new DataSource(name, rows, features, "UCI Machine Learning Repository via scikit-learn 1.2.1 ("
                + file + ", bundled; see data/NOTICE.md)", "CC BY 4.0 (UCI); scikit-learn BSD-3-Clause", citation);
    }
}
