package org.sgdobservatory.sim.landscape;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Argument checks shared by the landscapes. */
final class Shapes {
    private Shapes() {
    }

    static void requireStates(INDArray states, int dims) {
        if (states.rank() == 2 && states.columns() == dims) {
            return;
        }
        throw new IllegalArgumentException("states must be a chains x " + dims
                + " matrix, was shape " + java.util.Arrays.toString(states.shape()));
    }
}
