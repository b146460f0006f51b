package org.sgdobservatory.listener.predict;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.sgdobservatory.listener.probe.DirectionBasis;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.Measurement;
import org.sgdobservatory.report.model.NotPredictedReason;
import org.sgdobservatory.report.model.PredictionMethod;
import org.sgdobservatory.report.model.PredictionReport;
import org.sgdobservatory.sim.spectral.DirectionalPrediction;
import org.sgdobservatory.sim.spectral.DirectionalTheory;
import org.sgdobservatory.sim.stats.Estimate;

/**
 * The variance of each direction's projection as sim-core's {@link DirectionalTheory} predicts it: exact per
 * direction for a quadratic whatever the noise covariance (the optimizer's recursion is diagonal in the eigenbasis),
 * for SGD, Nesterovs and the preconditioned frame, for i.i.d. minibatches and for reshuffling (the epoch's noise along
 * a direction still sums to zero). The noise {@code c_k} is the with-replacement value; under reshuffling it is
 * multiplied by {@code (n - B)/(n - 1)}, {@code n = K B}. The standard error combines the noise's (the closed forms are
 * linear in {@code c_k}) and the eigenvalue's sampling error through the elasticity {@code d ln V / d ln lambda}
 * (central difference). A fixed cyclic order has no density: not predicted. A direction whose noise is below
 * {@value #NO_NOISE_FRACTION} of the largest direction's is not predicted either ({@code NO_NOISE}): a symmetry of the
 * loss (softmax's shift of every class's logit, or of every class's weights) or a dead unit leaves it without
 * gradient, with an eigenvalue that is the data term's exact zero or L2's alone; its measured {@code c_k} is rounding
 * (about {@code 1e-25} of the others by differences of losses, {@code 1e-32} by exact derivatives), and its spread is
 * the training's float rounding, so a ratio of the two would say nothing. The margin stays above what a pair
 * converged to Lanczos's {@code 1e-5} tolerance picks up from the top direction's noise, about {@code 1e-10}.
 * Stateless.
 */
public final class DirectionPredictions {

    /** Noise below this fraction of the largest direction's counts as none: far above rounding, far below real. */
    static final double NO_NOISE_FRACTION = 1e-8;

    private DirectionPredictions() {
    }

    /**
     * The predictions, in direction order.
     *
     * @param basis the directions
     * @param noise per direction {@code [c_k, SE(c_k), SE(lambda_k)]} (with-replacement noise)
     * @param order the data order predictions assume
     * @param miniBatchSize B
     * @param batchesPerEpoch K, for reshuffling
     */
    public static List<PredictionReport> of(DirectionBasis basis, double[][] noise, DataOrder order,
                                            int miniBatchSize, long batchesPerEpoch) {
        List<PredictionReport> out = new ArrayList<>();
        boolean reshuffled = order == DataOrder.RESHUFFLED;
        DirectionalTheory iid = DirectionalTheory.iid(basis.frame().optimizer());
        Optional<DirectionalTheory> scheme = reshuffled && batchesPerEpoch >= 2
                ? Optional.of(DirectionalTheory.reshuffled(basis.frame().optimizer(), (int) batchesPerEpoch))
                : Optional.empty();
        double factor = reshuffled && batchesPerEpoch >= 2 ? withoutReplacement(miniBatchSize, batchesPerEpoch) : 1;
        double largest = 0;
        for (double[] row : noise) {
            largest = Double.isFinite(row[0]) ? Math.max(largest, row[0]) : largest;
        }
        for (int k = 0; k < basis.size(); k++) {
            double lambda = basis.eigenvalue(k);
            Estimate c = new Estimate(noise[k][0], Double.isFinite(noise[k][1]) ? noise[k][1] : Double.NaN, 0);
            if (noise[k][0] >= 0 && noise[k][0] <= NO_NOISE_FRACTION * largest) {
                out.add(new PredictionReport(Optional.of(NotPredictedReason.NO_NOISE), Measurement.NONE, Double.NaN,
                        Double.NaN, PredictionMethod.NONE, largest > 0 ? String.format(java.util.Locale.ROOT,
                        "no measurable gradient noise along this direction (c_k = %.3g, %.2g of the largest), e.g. a"
                        + " symmetry of the loss or a dead unit", noise[k][0], noise[k][0] / largest)
                        : "no gradient noise along any direction (every c_k is 0), as in full-batch training"));
                continue;
            }
            DirectionalPrediction lecture = iid.predict(lambda, c);
            double iidVariance = lecture.stationaryVariance().map(Estimate::value).orElse(Double.NaN);
            if (order == DataOrder.FIXED_CYCLIC || (reshuffled && scheme.isEmpty())) {
                out.add(new PredictionReport(Optional.of(order == DataOrder.FIXED_CYCLIC
                        ? NotPredictedReason.LIMIT_CYCLE : NotPredictedReason.UNKNOWN_EPOCH_LENGTH), Measurement.NONE,
                        iidVariance, Double.NaN, PredictionMethod.NONE, order == DataOrder.FIXED_CYCLIC
                        ? "fixed cyclic data order: a limit cycle, not a density"
                        : "reshuffling with an unknown epoch length"));
                continue;
            }
            DirectionalTheory theory = scheme.orElse(iid);
            Estimate cScheme = new Estimate(c.value() * factor, c.standardError() * factor, 0);
            out.add(report(theory, lambda, cScheme, noise[k][2], iidVariance));
        }
        return out;
    }

    private static PredictionReport report(DirectionalTheory theory, double lambda, Estimate c, double lambdaSe,
                                           double iidVariance) {
        DirectionalPrediction p = theory.predict(lambda, c);
        if (p.stationaryVariance().isEmpty()) {
            org.sgdobservatory.sim.theory.Prediction.NotApplicable na =
                    (org.sgdobservatory.sim.theory.Prediction.NotApplicable) p.prediction();
            VariancePrediction v = VariancePrediction.of(na);
            return new PredictionReport(v.notPredicted(), Measurement.NONE, iidVariance, Double.NaN,
                    PredictionMethod.NONE, v.basis());
        }
        Estimate v = p.stationaryVariance().get();
        double f = 1 + 1e-3;
        double up = theory.predict(lambda * f, c).stationaryVariance().map(Estimate::value).orElse(Double.NaN);
        double down = theory.predict(lambda / f, c).stationaryVariance().map(Estimate::value).orElse(Double.NaN);
        double elasticity = Double.isFinite(up) && Double.isFinite(down) ? Math.log(up / down) / (2 * Math.log(f)) : 0;
        double relLambda = Double.isFinite(lambdaSe) ? elasticity * lambdaSe / lambda : 0;
        double relNoise = Double.isFinite(v.standardError()) ? v.standardError() / v.value() : 0;
        double se = v.value() * Math.sqrt(relLambda * relLambda + relNoise * relNoise);
        return new PredictionReport(Optional.empty(), new Measurement(v.value(), se), iidVariance, Double.NaN,
                PredictionMethod.CLOSED_FORM,
                "sim-core: " + ((org.sgdobservatory.sim.theory.Prediction.Stationary) p.prediction()).method());
    }

    /** {@code (n - B)/(n - 1)}, {@code n = K B}. */
    private static double withoutReplacement(int b, long k) {
        double n = (double) k * b;
        return n > 1 ? (n - b) / (n - 1) : 1;
    }
}
