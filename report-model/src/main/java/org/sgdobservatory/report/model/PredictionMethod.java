package org.sgdobservatory.report.model;

/**
 * What a stationary-variance prediction rests on ({@code docs/theory.md#rmsprop-stationary-table} for the RMSProp
 * values). The report's {@code basis} words add the details (formula, grid, sizes); this code is what a program
 * reads.
 */
public enum PredictionMethod {
    /** Not predicted: the reason says why. */
    NONE,
    /**
     * A closed form of sim-core's theory for the updater and data order: SGD (i.i.d. and reshuffled), Nesterovs,
     * the {@code eta'/sigma^2} rule's fixed point, the 1-D forms along eigendirections.
     */
    CLOSED_FORM,
    /**
     * RMSProp, i.i.d.: sim-core's precomputed stationary table, {@code (sigma^2/h^2) f(lr h/sigma, rho, eps/sigma)}
     * interpolated; its standard error carries the nodes' Monte Carlo error and the measured interpolation bound.
     */
    RMSPROP_TABLE,
    /**
     * RMSProp, reshuffled: the table's i.i.d. value times SGD's reshuffling factor at the mean-field rate times the
     * measured RMSProp correction (covered at {@code rho = 0.95}, negligible epsilon, {@code B >= 8}).
     */
    RMSPROP_TABLE_RESHUFFLING_CORRECTION,
    /**
     * RMSProp, reshuffled, outside the correction's range: the table's i.i.d. value times SGD's reshuffling factor at
     * the mean-field rate, uncorrected (approximate: low by up to a factor 2.5 for epochs of a few minibatches).
     */
    RMSPROP_TABLE_SGD_RESHUFFLING_FACTOR,
    /**
     * RMSProp, i.i.d., outside the table's range: sim-core's simulation of all such parameters of the group together
     * (Monte Carlo error from its chains).
     */
    RMSPROP_GROUP_SIMULATION,
    /** RMSProp, reshuffled, outside the table's range: the group simulation times SGD's reshuffling factor. */
    RMSPROP_GROUP_SIMULATION_SGD_RESHUFFLING_FACTOR,
    /**
     * RMSProp outside the table's range when no group simulation ran (a single-parameter prediction): the mean field,
     * {@code v} frozen at {@code E[g^2]} (approximate, a few percent high).
     */
    RMSPROP_MEAN_FIELD,
    /** The mean field of {@link #RMSPROP_MEAN_FIELD} times SGD's reshuffling factor (approximate). */
    RMSPROP_MEAN_FIELD_SGD_RESHUFFLING_FACTOR
}
