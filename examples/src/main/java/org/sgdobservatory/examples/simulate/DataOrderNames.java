package org.sgdobservatory.examples.simulate;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.sgdobservatory.report.model.DataOrder;

/**
 * The command line's spelling of report-model's {@link DataOrder} ({@code --sampling iid|reshuffle|cyclic}) and its
 * mapping onto sim-core's own enum: the one place where the three vocabularies meet. Stateless.
 */
public final class DataOrderNames {

    /** The orders a run or a simulation can be given ({@link DataOrder#UNKNOWN} is only ever detected). */
    private static final DataOrder[] CHOOSABLE = {DataOrder.IID, DataOrder.RESHUFFLED, DataOrder.FIXED_CYCLIC};

    private DataOrderNames() {
    }

    /** The command-line spelling: {@code iid}, {@code reshuffle}, {@code cyclic} (and {@code unknown}). */
    public static String cliName(DataOrder order) {
        return switch (order) {
            case IID -> "iid";
            case RESHUFFLED -> "reshuffle";
            case FIXED_CYCLIC -> "cyclic";
            case UNKNOWN -> "unknown";
        };
    }

    /**
     * The order spelled {@code text} on the command line.
     *
     * @throws IllegalArgumentException naming the allowed spellings
     */
    public static DataOrder parse(String text) {
        for (DataOrder o : CHOOSABLE) {
            if (cliName(o).equals(text)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown sampling '" + text + "'; expected one of "
                + Arrays.stream(CHOOSABLE).map(DataOrderNames::cliName).collect(Collectors.joining(", ")));
    }

    /**
     * sim-core's order for a simulation on a finite data set.
     *
     * @throws IllegalArgumentException for {@link DataOrder#UNKNOWN}, which no simulation can run
     */
    public static org.sgdobservatory.sim.gradient.DataOrder simCore(DataOrder order) {
        return switch (order) {
            case IID -> org.sgdobservatory.sim.gradient.DataOrder.IID_WITH_REPLACEMENT;
            case RESHUFFLED -> org.sgdobservatory.sim.gradient.DataOrder.RESHUFFLE;
            case FIXED_CYCLIC -> org.sgdobservatory.sim.gradient.DataOrder.CYCLIC;
            case UNKNOWN -> throw new IllegalArgumentException("a simulation needs a data order; UNKNOWN is only"
                    + " ever detected, choose iid, reshuffle or cyclic");
        };
    }
}
