package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.listener.adapter.UpdaterSpec;
import org.sgdobservatory.listener.sample.CloseUpRecorder;
import org.sgdobservatory.listener.sample.TrackedParameters;
import org.sgdobservatory.report.model.UpdaterKind;

/** Close-ups: seeded round-robin choice over groups, trace thinning to at most 2000 points, exact histograms. */
class CloseUpRecorderTest {

    private static List<TrackedParameters.Slice> slices() {
        List<ParameterBlock> blocks = List.of(block("0_W", 0, 100), block("0_b", 100, 2), block("1_W", 102, 50));
        return new TrackedParameters(blocks, 1000, 1, DataType.FLOAT).slices();
    }

    private static ParameterBlock block(String key, long offset, long length) {
        return new ParameterBlock(key, "0", key.substring(2), offset, length,
                new UpdaterSpec(UpdaterKind.SGD, "Sgd", Map.of()), -1, 0);
    }

    @Test
    void choiceIsSeededAndRoundRobinOverGroups() {
        CloseUpRecorder a = CloseUpRecorder.choose(slices(), 7, 5, 8);
        CloseUpRecorder b = CloseUpRecorder.choose(slices(), 7, 5, 8);
        int[] inGroup = new int[3];
        Set<Integer> distinct = new HashSet<>();
        for (int c = 0; c < a.size(); c++) {
            assertEquals(a.position(c), b.position(c), "same seed, same choice");
            int p = a.position(c);
            inGroup[p < 100 ? 0 : p < 102 ? 1 : 2]++;
            distinct.add(p);
        }
        assertEquals(7, distinct.size(), "7 distinct parameters");
        // round-robin: 0_W, 0_b, 1_W, 0_W, 0_b, 1_W, 0_W -> 3, 2, 2 (0_b has exactly 2)
        assertArrayEquals(new int[] {3, 2, 2}, inGroup, "round-robin over the groups");
        assertEquals(0, CloseUpRecorder.choose(slices(), 0, 5, 8).size(), "0 = off");
        assertEquals(152, CloseUpRecorder.choose(slices(), 1000, 5, 8).size(), "at most every tracked parameter");
    }

    @Test
    void traceIsThinnedToAtMost2000PointsAndTheHistogramCountsEverySample() {
        CloseUpRecorder r = CloseUpRecorder.choose(slices(), 3, 9, 8);
        double[] theta = new double[152];
        int samples = 5000;
        for (int t = 0; t < samples; t++) {
            java.util.Arrays.fill(theta, Math.sin(t * 0.01));
            r.record(100 + t, theta);
        }
        // 2000 points reached at sample 1999 (stride 1 -> 2, 1000 kept), again at sample 3998 (stride 2 -> 4,
        // 1000 kept, iterations 100 + 4j), then samples 4000, 4004, ..., 4996: 250 more
        long[] it = r.traceIterations();
        assertEquals(4, r.stride(), "stride doubled twice");
        assertEquals(1250, it.length, "kept points");
        for (int j = 0; j < it.length; j++) {
            assertEquals(100 + 4L * j, it[j], "evenly spaced kept iterations");
        }
        double[] trace = r.trace(0);
        assertEquals(Math.sin(4 * 1249 * 0.01), trace[1249], 0.0, "kept values belong to their iterations");
        long total = 0;
        for (long c : r.histogram(0).counts()) {
            total += c;
        }
        assertEquals(samples, total, "the histogram counts every recorded sample, not only the kept ones");
        assertTrue(r.histogram(0).low() <= -1 + 1e-9 && r.histogram(0).high() >= 1 - 1e-9, "range covers sin");

        // every sample enters the autocorrelation: sin(0.01 t) over 5000 samples (about 8 periods) has
        // rho_k ~ cos(0.01 k), within the O(1/periods) end effects of a finite record
        double variance = 0;
        double mean = 0;
        for (int t = 0; t < samples; t++) {
            mean += Math.sin(t * 0.01) / samples;
        }
        for (int t = 0; t < samples; t++) {
            variance += (Math.sin(t * 0.01) - mean) * (Math.sin(t * 0.01) - mean) / samples;
        }
        double[] rho = r.autocorrelation(0, variance);
        assertEquals(9, rho.length, "lags 0..8");
        assertEquals(1.0, rho[0], 0.0, "lag 0");
        for (int k = 1; k <= 8; k++) {
            assertEquals(Math.cos(0.01 * k), rho[k], 0.01, "lag " + k);
        }
    }
}
