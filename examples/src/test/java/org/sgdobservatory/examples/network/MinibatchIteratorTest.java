package org.sgdobservatory.examples.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.sgdobservatory.examples.data.LabelledData;
import org.sgdobservatory.report.model.DataOrder;

/** The three data orders of {@link MinibatchIterator}, read back through the row ids stored as the feature. */
class MinibatchIteratorTest {

    private static final int N = 40;
    private static final int B = 8;

    /** Row i has feature i, so a minibatch's features are its row ids. */
    private static LabelledData rows() {
        double[][] x = new double[N][1];
        double[][] y = new double[N][1];
        for (int i = 0; i < N; i++) {
            x[i][0] = i;
            y[i][0] = i;
        }
        return new LabelledData(x, y, LabelledData.Task.REGRESSION);
    }

    private static List<List<Integer>> epoch(MinibatchIterator it) {
        List<List<Integer>> batches = new ArrayList<>();
        it.reset();
        while (it.hasNext()) {
            DataSet d = it.next();
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < d.numExamples(); i++) {
                ids.add((int) d.getFeatures().getDouble(i, 0));
            }
            batches.add(ids);
        }
        return batches;
    }

    private static List<Integer> flat(List<List<Integer>> batches) {
        return batches.stream().flatMap(List::stream).toList();
    }

    @Test
    void cyclicVisitsEveryRowInTheStoredOrderEveryEpoch() {
        MinibatchIterator it = new MinibatchIterator(rows(), B, DataOrder.FIXED_CYCLIC, 1);
        List<Integer> first = flat(epoch(it));
        assertEquals(N / B, it.batchesPerEpoch(), "floor(n/B) minibatches");
        for (int i = 0; i < N; i++) {
            assertEquals(i, first.get(i), "row " + i + " in stored order");
        }
        assertEquals(first, flat(epoch(it)), "the same order in the next epoch");
    }

    @Test
    void reshuffleVisitsEveryRowOncePerEpochInANewOrder() {
        MinibatchIterator it = new MinibatchIterator(rows(), B, DataOrder.RESHUFFLED, 1);
        List<Integer> first = flat(epoch(it));
        List<Integer> second = flat(epoch(it));
        assertEquals(N, new HashSet<>(first).size(), "every row exactly once in epoch 1");
        assertEquals(N, new HashSet<>(second).size(), "every row exactly once in epoch 2");
        // two independent uniform permutations of 40 rows coincide with probability 1/40!
        assertNotEquals(first, second, "a new permutation each epoch");
    }

    @Test
    void iidDrawsWithReplacement() {
        MinibatchIterator it = new MinibatchIterator(rows(), B, DataOrder.IID, 1);
        Set<Integer> seen = new HashSet<>();
        int draws = 0;
        boolean repeatInsideAnEpoch = false;
        for (int e = 0; e < 20; e++) {
            List<Integer> ids = flat(epoch(it));
            repeatInsideAnEpoch |= new HashSet<>(ids).size() < ids.size();
            seen.addAll(ids);
            draws += ids.size();
        }
        // 40 draws from 40 rows with replacement repeat a row with probability 1 - 40!/40^40 (~1 - 1e-16)
        assertTrue(repeatInsideAnEpoch, "sampling with replacement repeats rows within an epoch");
        assertEquals(N, seen.size(), "800 draws reach all 40 rows (miss probability 40 (39/40)^800 ~ 1e-7)");
        assertEquals(20 * N, draws, "floor(n/B) batches of B per epoch");
    }

    @Test
    void rejectsABatchLargerThanTheData() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MinibatchIterator(rows(), N + 1, DataOrder.IID, 1));
        assertTrue(e.getMessage().contains("--batch"), e.getMessage());
    }
}
