package org.sgdobservatory.examples.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.sim.gradient.PerExampleNoiseDataset;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;

/** The Java gather gives sim-core's minibatch gradients to rounding. */
class GatheredNoiseDatasetTest {

    @Test
    void batchGradientEqualsSimCore() {
        PerExampleNoiseDataset data = PerExampleNoiseDataset.gaussian(QuadraticLandscape.diagonal(0.5, 2), 60, 5,
                new double[] {4, 1}, 11);
        GatheredNoiseDataset gathered = GatheredNoiseDataset.of(data);
        int chains = 7;
        int batch = 5;
        SplittableRandom rng = new SplittableRandom(3);
        int[] indices = rng.ints(chains * batch, 0, 60).toArray();
        INDArray states = Nd4j.rand(DataType.DOUBLE, chains, 2).subi(0.5);
        INDArray expected = Nd4j.create(DataType.DOUBLE, chains, 2);
        INDArray actual = Nd4j.create(DataType.DOUBLE, chains, 2);
        data.batchGradient(states, indices, batch, expected);
        gathered.batchGradient(states, indices, batch, actual);
        assertArrayEquals(expected.data().asDouble(), actual.data().asDouble(), 1e-12,
                "same minibatch gradient as PerExampleNoiseDataset");
    }
}
