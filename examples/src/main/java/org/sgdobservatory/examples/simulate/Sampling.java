package org.sgdobservatory.examples.simulate;

import org.sgdobservatory.sim.gradient.DataOrder;

/** How a finite data set is walked (THEORY.md §2b). */
public enum Sampling implements CliName {
    /** A random minibatch each step, drawn with replacement (the lecture's model). */
    IID("iid", DataOrder.IID_WITH_REPLACEMENT),
    /** A new permutation every epoch, then consecutive batches (a shuffling DL4J iterator). */
    RESHUFFLE("reshuffle", DataOrder.RESHUFFLE),
    /** The stored order every epoch (a non-shuffling iterator): a limit cycle, not a density. */
    CYCLIC("cyclic", DataOrder.CYCLIC);

    private final String cliName;
    private final DataOrder order;

    Sampling(String cliName, DataOrder order) {
        this.cliName = cliName;
        this.order = order;
    }

    @Override
    public String cliName() {
        return cliName;
    }

    /** sim-core's data order. */
    public DataOrder dataOrder() {
        return order;
    }
}
