package org.sgdobservatory.sim.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The streaming accumulators are exact and mergeable (Chan et al.). */
class StreamingMomentsTest {

    @Test
    void mergingTwoHalvesEqualsOnePassAndMatchesTwoPassFormulas() {
        Nd4j.getRandom().setSeed(17);
        INDArray[] batches = new INDArray[150];   // several blocks of 64
        for (int i = 0; i < batches.length; i++) {
            batches[i] = Nd4j.randn(DataType.DOUBLE, 8, 2).addi(1e3);   // large offset: stability
        }
        StreamingMoments all = new StreamingMoments(4, 2);
        StreamingMoments first = new StreamingMoments(4, 2);
        StreamingMoments second = new StreamingMoments(4, 2);
        StreamingCrossMoments crossAll = new StreamingCrossMoments(4, 2);
        StreamingCrossMoments crossFirst = new StreamingCrossMoments(4, 2);
        StreamingCrossMoments crossSecond = new StreamingCrossMoments(4, 2);
        for (int i = 0; i < batches.length; i++) {
            INDArray lagged = batches[(i + 1) % batches.length];
            all.add(batches[i]);
            crossAll.add(batches[i], lagged);
            (i < 75 ? first : second).add(batches[i]);
            (i < 20 ? crossFirst : crossSecond).add(batches[i], lagged);
        }
        first.merge(second);
        crossFirst.merge(crossSecond);
        double[] column = Nd4j.concat(0, batches).getColumn(1).toDoubleVector();
        double mean = 0;
        for (double v : column) {
            mean += v / column.length;
        }
        double var = 0;
        for (double v : column) {
            var += (v - mean) * (v - mean) / column.length;
        }
        assertEquals(mean, all.mean(1).value(), 1e-10, "one-pass mean equals the two-pass mean");
        assertEquals(var, all.variance(1).value(), 1e-10, "one-pass variance equals the two-pass variance");
        assertEquals(all.variance(1).value(), first.variance(1).value(), 1e-10, "merged halves: variance");
        assertEquals(all.variance(1).standardError(), first.variance(1).standardError(), 1e-10,
                "merged halves: group standard error");
        assertEquals(crossAll.correlation(0).value(), crossFirst.correlation(0).value(), 1e-10,
                "merged halves: correlation");
        assertEquals(crossAll.fdrRatio(1).value(), crossFirst.fdrRatio(1).value(), 1e-9, "merged halves: FDR");
        Estimate[] bulk = all.variances();
        for (int d = 0; d < 2; d++) {
            // same arithmetic on the same host copies: identical, not merely close
            assertEquals(all.variance(d), bulk[d], "variances()[" + d + "] equals variance(" + d + ")");
        }
    }

    @Test
    void mergingASummaryOfPerGroupMeansAndM2EqualsAddingTheObservations() {
        Nd4j.getRandom().setSeed(31);
        StreamingMoments added = new StreamingMoments(2, 2);
        StreamingMoments summarised = new StreamingMoments(2, 2);
        INDArray first = Nd4j.randn(DataType.DOUBLE, 6, 2).addi(50);   // 3 chains per group
        added.add(first);
        summarised.add(first);
        INDArray[] later = new INDArray[5];
        double[][] sum = new double[2][2];
        for (int i = 0; i < later.length; i++) {
            later[i] = Nd4j.randn(DataType.DOUBLE, 6, 2).addi(50);
            added.add(later[i]);
            for (int r = 0; r < 6; r++) {
                for (int d = 0; d < 2; d++) {
                    sum[r / 3][d] += later[i].getDouble(r, d);
                }
            }
        }
        double n = 3.0 * later.length;   // observations per group in the summary
        double[][] means = new double[2][2];
        double[][] m2 = new double[2][2];
        for (int g = 0; g < 2; g++) {
            for (int d = 0; d < 2; d++) {
                means[g][d] = sum[g][d] / n;
                for (INDArray b : later) {
                    for (int r = 3 * g; r < 3 * g + 3; r++) {
                        m2[g][d] += Math.pow(b.getDouble(r, d) - means[g][d], 2);
                    }
                }
            }
        }
        summarised.merge(n, means, m2);
        assertEquals(added.countPerGroup(), summarised.countPerGroup(), 0.0, "observations per group");
        for (int d = 0; d < 2; d++) {
            assertEquals(added.mean(d).value(), summarised.mean(d).value(), 1e-10, "mean of dim " + d);
            assertEquals(added.variance(d).value(), summarised.variance(d).value(), 1e-10, "variance of dim " + d);
            assertEquals(added.variance(d).standardError(), summarised.variance(d).standardError(), 1e-10,
                    "group standard error of the variance of dim " + d);
        }
        IllegalArgumentException wrongShape = assertThrows(IllegalArgumentException.class,
                () -> summarised.merge(n, new double[3][2], new double[3][2]));
        assertTrue(wrongShape.getMessage().contains("groupMeans"), wrongShape.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> summarised.merge(-1, means, m2));
        assertTrue(negative.getMessage().contains("countPerGroup"), negative.getMessage());
    }

    @Test
    void covarianceEqualsTwoPassCovarianceAndMergesExactly() {
        Nd4j.getRandom().setSeed(23);
        StreamingCovariance all = new StreamingCovariance(4, 3);
        StreamingCovariance first = new StreamingCovariance(4, 3);
        StreamingCovariance second = new StreamingCovariance(4, 3);
        INDArray[] batches = new INDArray[30];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = Nd4j.randn(DataType.DOUBLE, 8, 3).addi(i < 15 ? 5.0 : -2.0);  // shifts differ
            all.add(batches[i]);
            (i < 15 ? first : second).add(batches[i]);
        }
        first.merge(second);
        double[][] x = Nd4j.concat(0, batches).toDoubleMatrix();
        double[] mean = new double[3];
        for (double[] row : x) {
            for (int j = 0; j < 3; j++) {
                mean[j] += row[j] / x.length;
            }
        }
        double[][] oneAtATime = all.covariance();
        double[][] merged = first.covariance();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double c = 0;
                for (double[] row : x) {
                    c += (row[i] - mean[i]) * (row[j] - mean[j]) / x.length;
                }
                assertEquals(c, oneAtATime[i][j], 1e-10, "streaming covariance [" + i + "][" + j + "]");
                assertEquals(c, merged[i][j], 1e-10, "merged covariance [" + i + "][" + j + "]");
            }
        }
    }
}
