package org.sgdobservatory.listener;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Shared synthetic data for the listener's tests (no downloads, fixed seeds). */
public final class TestFixtures {

    private TestFixtures() {
    }

    /** Five nearly independent Gaussian features of different scales, n = 1000, label noise 0.5. */
    public static LinearRegressionFixture independentFeatures() {
        return new LinearRegressionFixture(1000, 5, new double[] {1.0, 0.8, 1.3, 0.6, 1.1}, 0.5, 42);
    }

    /** The first {@code rows} examples of a data set. */
    public static DataSet firstRows(DataSet ds, int rows) {
        return new DataSet(ds.getFeatures().get(NDArrayIndex.interval(0, rows), NDArrayIndex.all()),
                ds.getLabels().get(NDArrayIndex.interval(0, rows), NDArrayIndex.all()));
    }
}
