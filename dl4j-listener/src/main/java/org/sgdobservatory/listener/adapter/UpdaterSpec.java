package org.sgdobservatory.listener.adapter;

import java.util.Map;
import java.util.Objects;

import org.sgdobservatory.report.model.UpdaterKind;

/**
 * The updater configuration of one parameter block as read from the network.
 *
 * @param kind the family, {@link UpdaterKind#UNSUPPORTED} for anything without a theory
 * @param className the simple class name of DL4J's {@code IUpdater} (e.g. {@code Adam})
 * @param hyperparameters named hyperparameters at the time of reading ({@code learningRate},
 *     {@code rmsDecay}, {@code epsilon}, {@code momentum}); empty when not applicable
 */
public record UpdaterSpec(UpdaterKind kind, String className, Map<String, Double> hyperparameters) {

    /** Validates and copies. */
    public UpdaterSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(className, "className");
        hyperparameters = Map.copyOf(hyperparameters);
    }

    /** A named hyperparameter, or {@code NaN} when the updater has none of that name. */
    public double hyperparameter(String name) {
        return hyperparameters.getOrDefault(name, Double.NaN);
    }
}
