package org.sgdobservatory.examples.network;

import java.util.Map;
import java.util.Objects;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.updater.VarianceNormalizedSgd;

/**
 * The optimizer of a run ({@code run}, or {@code attach} when it replaces the saved updater), as the DL4J updater it
 * becomes and by the names the report uses.
 *
 * @param optimizer sgd, rmsprop or varnorm
 * @param learningRate learning rate ({@code eta'} for varnorm), {@code > 0}
 * @param rmsDecay RMSProp's decay, in {@code (0, 1)}
 * @param epsilon RMSProp's or the varnorm rule's epsilon, {@code > 0}
 * @param averagingDecay the varnorm rule's EMA decay, in {@code (0, 1)}
 */
public record OptimizerSettings(OptimizerKind optimizer, double learningRate, double rmsDecay, double epsilon,
                                double averagingDecay) {

    /** Validates, naming the command-line flag of a bad value. */
    public OptimizerSettings {
        Objects.requireNonNull(optimizer, "optimizer");
        Observation.positive("--lr", learningRate);
        if (!(rmsDecay > 0 && rmsDecay < 1)) {
            throw new IllegalArgumentException("--rms-decay must be in (0, 1), was " + rmsDecay);
        }
        Observation.positive("--epsilon", epsilon);
        if (!(averagingDecay > 0 && averagingDecay < 1)) {
            throw new IllegalArgumentException("--averaging-decay must be in (0, 1), was " + averagingDecay);
        }
    }

    /** The DL4J updater configuration. */
    public IUpdater updater() {
        return switch (optimizer) {
            case SGD -> new Sgd(learningRate);
            case RMSPROP -> new RmsProp(learningRate, rmsDecay, epsilon);
            case VARNORM -> new VarianceNormalizedSgd(learningRate, averagingDecay, epsilon);
        };
    }

    /**
     * The optimizer's hyperparameters besides the learning rate, by the names the report uses: {@code rmsDecay} and
     * {@code epsilon} (rmsprop), {@code averagingDecay} and {@code epsilon} (varnorm), none for sgd.
     */
    public Map<String, Double> optimizerParameters() {
        return switch (optimizer) {
            case SGD -> Map.of();
            case RMSPROP -> Map.of("rmsDecay", rmsDecay, "epsilon", epsilon);
            case VARNORM -> Map.of("averagingDecay", averagingDecay, "epsilon", epsilon);
        };
    }

    /** The label of the run in the report: {@code SGD}, {@code RMSProp}, {@code eta'/sigma^2}. */
    public String label() {
        return switch (optimizer) {
            case SGD -> "SGD";
            case RMSPROP -> "RMSProp";
            case VARNORM -> "eta'/sigma^2";
        };
    }
}
