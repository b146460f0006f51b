package org.sgdobservatory.examples.network;

import java.util.List;
import java.util.Objects;

/**
 * What {@code observatory run} prints for one run.
 *
 * @param label e.g. {@code SGD}
 * @param dataOrder the data order the predictions used (and what the listener detected)
 * @param groups one line per parameter group
 * @param metrics e.g. {@code train accuracy 0.995, test accuracy 0.972}
 * @param trainingSeconds wall time of training (observation included)
 * @param reportSeconds wall time of the listener's probes and predictions
 */
public record RunSummary(String label, String dataOrder, List<Group> groups, String metrics,
                         double trainingSeconds, double reportSeconds) {

    /** Copies. */
    public RunSummary {
        Objects.requireNonNull(label, "label");
        groups = List.copyOf(groups);
    }

    /** Whether every group was reported settled. */
    public boolean settled() {
        return groups.stream().allMatch(Group::settled);
    }

    /**
     * One parameter group.
     *
     * @param key DL4J key, e.g. {@code 0_W}
     * @param tracked tracked parameters
     * @param predicted parameters with a prediction for the run's data order
     * @param medianRatio median observed/predicted variance (NaN when none predicted)
     * @param medianRatioIid median observed / i.i.d.-minibatch prediction (NaN when none)
     * @param fractionDrifting fraction of tracked parameters whose drift test (Geweke) fired
     * @param medianFdr median fluctuation-dissipation ratio (1 when stationary)
     * @param settled the listener's verdict
     */
    public record Group(String key, int tracked, int predicted, double medianRatio, double medianRatioIid,
                        double fractionDrifting, double medianFdr, boolean settled) {
    }
}
