package org.sgdobservatory.examples.simulate;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.sim.gradient.PerExampleNoiseDataset;
import org.sgdobservatory.sim.landscape.ScalarLoss;
import org.sgdobservatory.sim.theory.CyclicOrderQuadratic1D;
import org.sgdobservatory.sim.theory.Prediction;
import org.sgdobservatory.sim.theory.ReshufflingQuadratic1D;
import org.sgdobservatory.sim.theory.RmsPropMeanField;
import org.sgdobservatory.sim.theory.SgdQuadratic1D;
import org.sgdobservatory.sim.theory.VarianceNormalizedQuadratic1D;

/**
 * The closed-form predictions of a {@link SimulationSpec}, per dimension ({@code docs/theory.md},
 * {@code docs/data-order.md}):
 * <ul>
 *   <li>quadratic, SGD: {@link SgdQuadratic1D} (i.i.d.), {@link ReshufflingQuadratic1D} (reshuffle,
 *       with the without-replacement batch variance {@code s2 (n-B)/(n-1)}), the spread of the
 *       {@link CyclicOrderQuadratic1D} limit cycle from the data set's actual batch noises (cyclic);
 *       SDE limit {@code eta s2/(2h)};</li>
 *   <li>quadratic, varnorm: the same with the per-coordinate rate {@code eta'/s2}
 *       ({@link VarianceNormalizedQuadratic1D}); SDE limit {@code eta'/(2h)};</li>
 *   <li>quadratic, RMSProp: the {@link RmsPropMeanField} fixed point (i.i.d. only); SDE-like limit
 *       {@code lr sigma/(2h)};</li>
 *   <li>quartic and double well: the variance of the Gibbs density at {@code T = eta s2/2} (SGD),
 *       {@code eta'/2} (varnorm) or {@code lr sigma/2} (RMSProp, approximate), i.i.d. only.</li>
 * </ul>
 * Every "does not apply" adds a sentence to the findings. Not thread-safe (it appends to the findings).
 */
final class Predictions {
    private final SimulationSpec spec;
    private final List<ScalarLoss> losses;
    private final Optional<PerExampleNoiseDataset> dataset;
    private final Set<String> findings;
    private final double[] scale;
    private final double[] s2;

    Predictions(SimulationSpec spec, List<ScalarLoss> losses, Optional<PerExampleNoiseDataset> dataset,
            Set<String> findings) {
        this.spec = spec;
        this.losses = losses;
        this.dataset = dataset;
        this.findings = findings;
        this.scale = spec.scaleArray();
        this.s2 = spec.noiseVarianceArray();
    }

    private boolean quadratic() {
        return spec.loss() == LossKind.QUADRATIC;
    }

    /** The learning rate of dimension d for the SGD-like optimizers ({@code eta'/s2} for varnorm). */
    private double effectiveRate(int d) {
        return spec.optimizer() == OptimizerKind.VARNORM ? spec.learningRate() / s2[d] : spec.learningRate();
    }

    /** The lecture's i.i.d.-minibatch prediction of dimension {@code d}. */
    Prediction iid(int d) {
        double eta = spec.learningRate();
        if (!quadratic()) {
            double t = gibbsTemperature(d);
            return new Prediction.Stationary(GibbsTemperature.variance(losses.get(d), t),
                    "Gibbs density exp(-l/T), T = " + t + " (Fokker-Planck, alpha = 1/2"
                            + (spec.optimizer() == OptimizerKind.RMSPROP ? ", RMSProp T ~ lr sigma/2, approximate" : "")
                            + "; continuous-time limit, docs/theory.md#fokker-planck-and-the-value-of-alpha)");
        }
        return switch (spec.optimizer()) {
            case SGD -> SgdQuadratic1D.predict(eta, scale[d], s2[d]);
            case VARNORM -> VarianceNormalizedQuadratic1D.predict(eta, scale[d], s2[d]);
            case RMSPROP -> RmsPropMeanField.predict(eta, scale[d], s2[d], spec.epsilon(), 0);
        };
    }

    /** The prediction for the run's data order; records a finding when it does not apply. */
    Prediction forDataOrder(int d) {
        Prediction p = forDataOrderUnrecorded(d);
        if (p instanceof Prediction.NotApplicable n) {
            findings.add("dimension " + d + ": " + n.explanation() + " (" + n.reason() + ")");
        }
        return p;
    }

    private Prediction forDataOrderUnrecorded(int d) {
        DataOrder order = spec.finiteData().map(FiniteData::order).orElse(DataOrder.IID);
        if (order == DataOrder.IID) {
            return iid(d);
        }
        FiniteData data = spec.finiteData().orElseThrow();
        if (!quadratic()) {
            return new Prediction.NotApplicable(Prediction.Reason.UNSUPPORTED_OPTIMIZER, "no closed form for "
                    + DataOrderNames.cliName(order) + " order on a " + spec.loss().cliName()
                    + " loss; the simulation is the reference");
        }
        if (spec.optimizer() == OptimizerKind.RMSPROP) {
            return new Prediction.NotApplicable(Prediction.Reason.UNSUPPORTED_OPTIMIZER, "no closed form for RMSProp"
                    + " with " + DataOrderNames.cliName(order) + " order; the simulation is the reference");
        }
        double eta = effectiveRate(d);
        if (order == DataOrder.RESHUFFLED) {
            double withoutReplacement = s2[d] * (data.examples() - data.batchSize()) / (data.examples() - 1.0);
            return ReshufflingQuadratic1D.predict(eta, scale[d], withoutReplacement, data.batchesPerEpoch());
        }
        Prediction stable = SgdQuadratic1D.predict(eta, scale[d], s2[d]);
        if (stable instanceof Prediction.NotApplicable) {
            return stable;
        }
        findings.add("cyclic order: the predicted and observed 'variance' is the spread of the period-"
                + data.batchesPerEpoch() + " limit cycle over an epoch; autocorrelation statistics do not apply");
        return new Prediction.Stationary(
                CyclicOrderQuadratic1D.of(eta, scale[d], batchNoises(d, data)).spread(),
                "fixed cyclic order: variance of the limit-cycle points from the data set's batch noises"
                        + " (docs/data-order.md#fixed-cyclic-order)");
    }

    private double[] batchNoises(int d, FiniteData data) {
        double[][] e = dataset.orElseThrow().perExampleNoises();
        int k = data.batchesPerEpoch();
        int b = data.batchSize();
        double[] xi = new double[k];
        for (int m = 0; m < k; m++) {
            double sum = 0;
            for (int i = m * b; i < (m + 1) * b; i++) {
                sum += e[i][d];
            }
            xi[m] = sum / b;
        }
        return xi;
    }

    /** The continuous-time (SDE) limit of dimension {@code d}, when it exists. */
    OptionalDouble sde(int d) {
        if (!quadratic()) {
            return iid(d).stationaryVariance();
        }
        double h = scale[d];
        if (!(h > 0)) {
            return OptionalDouble.empty();
        }
        double eta = spec.learningRate();
        return switch (spec.optimizer()) {
            case SGD -> OptionalDouble.of(eta * s2[d] / (2 * h));
            case VARNORM -> OptionalDouble.of(eta / (2 * h));
            case RMSPROP -> OptionalDouble.of(eta * s2[d] / (2 * (Math.sqrt(s2[d]) + spec.epsilon())) / h);
        };
    }

    /** The temperature belonging to a prediction: {@code h Var} (quadratic) or the Gibbs T used. */
    OptionalDouble temperature(int d, Prediction prediction) {
        if (!prediction.isApplicable()) {
            return OptionalDouble.empty();
        }
        if (!quadratic()) {
            return OptionalDouble.of(gibbsTemperature(d));
        }
        return OptionalDouble.of(scale[d] * prediction.stationaryVariance().getAsDouble());
    }

    /** The Fokker-Planck temperature of dimension {@code d} for the optimizer. */
    private double gibbsTemperature(int d) {
        double eta = spec.learningRate();
        return switch (spec.optimizer()) {
            case SGD -> eta * s2[d] / 2;
            case VARNORM -> eta / 2;
            case RMSPROP -> eta * s2[d] / (2 * (Math.sqrt(s2[d]) + spec.epsilon()));
        };
    }
}
