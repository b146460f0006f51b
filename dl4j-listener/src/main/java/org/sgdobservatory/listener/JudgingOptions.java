package org.sgdobservatory.listener;

import org.sgdobservatory.listener.predict.SimCorePredictor;
import org.sgdobservatory.listener.predict.StationaryPredictor;
import org.sgdobservatory.report.model.DataOrder;

/**
 * The verdict options of an {@link ObservatoryBuilder} (the theory and the thresholds): their defaults and the check
 * of each value as it is set, throwing an {@link ObservatorySetupException} naming the option, the value and the
 * remedy. Mutable; not thread-safe.
 */
final class JudgingOptions {
    private DataOrder dataOrder = DataOrder.UNKNOWN;
    private double minEffectiveSampleSize = 20;
    private StationaryPredictor predictor = new SimCorePredictor();

    void dataOrder(DataOrder order) {
        ObservatorySetupException.require(order != null, "dataOrder", "null", "a DataOrder",
                "UNKNOWN lets the listener detect it");
        this.dataOrder = order;
    }

    void minEffectiveSampleSize(double ess) {
        ObservatorySetupException.require(ess >= 2 && Double.isFinite(ess), "minEffectiveSampleSize", ess,
                "finite and >= 2", "the default is 20; a variance from fewer effective samples is not judged");
        this.minEffectiveSampleSize = ess;
    }

    void predictor(StationaryPredictor p) {
        ObservatorySetupException.require(p != null, "predictor", "null", "a StationaryPredictor",
                "leave it unset for sim-core's SimCorePredictor");
        this.predictor = p;
    }

    ObservatoryConfig.Judging build() {
        return new ObservatoryConfig.Judging(dataOrder, minEffectiveSampleSize, predictor);
    }
}
