package org.sgdobservatory.sim.theory;

import java.util.Locale;
import java.util.Optional;
import org.sgdobservatory.sim.theory.RmsPropStationaryTable.Lookup;
import org.sgdobservatory.sim.theory.RmsPropTableGrid.Axis;

/**
 * Answers one query of an {@link RmsPropStationaryTable}: screens the inputs the scaling law does not cover,
 * places the point {@code (1 - rho, F(a, e), p(F, e))} in the grid, interpolates {@code R} and turns it into
 * {@code Var(x) = (sigma^2/h^2) R F} with its relative standard error {@code sqrt(mc^2 + (bound/2)^2)} and its
 * elasticities. Immutable and thread-safe.
 */
final class RmsPropTableQuery {

    private final RmsPropTableGrid grid;
    private final double interpolationErrorBound;
    private final String method;

    RmsPropTableQuery(RmsPropTableGrid grid, double interpolationErrorBound, String method) {
        this.grid = grid;
        this.interpolationErrorBound = interpolationErrorBound;
        this.method = method;
    }

    /** See {@link RmsPropStationaryTable#lookup(double, double, double, double, double, double, double)}. */
    Lookup lookup(double learningRate, double curvature, double noiseVariance, double rmsDecay, double epsilon,
            double l1, double weightDecay) {
        Optional<Lookup> screened = screen(learningRate, curvature, noiseVariance, rmsDecay, epsilon, l1, weightDecay);
        return screened.isPresent() ? screened.get()
                : interpolated(learningRate, curvature, noiseVariance, rmsDecay, epsilon);
    }

    /** Why the table does not answer these inputs whatever the grid covers, or empty. */
    private static Optional<Lookup> screen(double learningRate, double curvature, double noiseVariance,
            double rmsDecay, double epsilon, double l1, double weightDecay) {
        Optional<Prediction.NotApplicable> screened = Applicability.screen(learningRate, curvature, noiseVariance);
        if (screened.isPresent()) {
            return Optional.of(Lookup.notApplicable(screened.get().reason(), screened.get().explanation()));
        }
        if (!(noiseVariance > 0)) {
            return notApplicable(Prediction.Reason.INVALID_INPUT, "noise variance sigma^2 = 0: without noise RMSProp"
                    + " is a deterministic sign-like map, which the table does not cover");
        }
        if (!(epsilon >= 0 && epsilon < Double.POSITIVE_INFINITY)) {
            return notApplicable(Prediction.Reason.INVALID_INPUT, "epsilon = " + epsilon + " is not finite and >= 0");
        }
        if (!(rmsDecay > 0 && rmsDecay < 1)) {
            return notApplicable(Prediction.Reason.INVALID_INPUT, "rmsDecay = " + rmsDecay + " is not in (0, 1)");
        }
        if (!(l1 == 0 && weightDecay == 0)) {
            return notApplicable(Prediction.Reason.UNSUPPORTED_OPTIMIZER, "L1 = " + l1 + ", weight decay = "
                    + weightDecay + ": the table covers only L2 (added to the curvature); L1 and weight decay"
                    + " break the scaling Var = (sigma^2/h^2) f(lr h/sigma, rho, eps/sigma), simulate instead");
        }
        return Optional.empty();
    }

    /** The answer for screened inputs: located in the grid, interpolated, or why not. */
    private Lookup interpolated(double learningRate, double curvature, double noiseVariance, double rmsDecay,
            double epsilon) {
        double d = 1 - rmsDecay;
        int k = grid.cell(Axis.ONE_MINUS_RHO, d);
        if (k < 0) {
            return outside("1 - rmsDecay = " + d, Axis.ONE_MINUS_RHO);
        }
        double a = RmsPropScaling.scaledStep(learningRate, curvature, noiseVariance);
        double e = RmsPropScaling.scaledEpsilon(epsilon, noiseVariance);
        if (!(a > 0 && a < Double.POSITIVE_INFINITY && e < Double.POSITIVE_INFINITY)) {
            return Lookup.notApplicable(Prediction.Reason.UNSUPPORTED_OPTIMIZER, "lr h/sigma = " + a
                    + ", eps/sigma = " + e + " overflow: outside the table, simulate instead");
        }
        double f = RmsPropScaling.meanFieldScaledVariance(a, e);
        double p = RmsPropScaling.rootShare(f, e);
        int i = grid.cell(Axis.MEAN_FIELD, f);
        if (i < 0) {
            return outside("mean-field variance in noise units F = " + f + " (lr h/sigma = " + a + ")",
                    Axis.MEAN_FIELD);
        }
        int j = grid.cell(Axis.ROOT_SHARE, p);
        if (j < 0) {
            return outside("root share p = sqrt(1+F)/(sqrt(1+F) + eps/sigma) = " + p, Axis.ROOT_SHARE);
        }
        Optional<RmsPropTableGrid.Interpolated> interpolated = grid.interpolate(k, i, j, d, f, p);
        if (interpolated.isEmpty()) {
            return Lookup.notApplicable(Prediction.Reason.UNSUPPORTED_OPTIMIZER, String.format(Locale.ROOT,
                    "F = %.4g, p = %.4g, 1 - rho = %.4g lies in the untabulated region (epsilon dominates near SGD's"
                            + " stability edge, mean-field eta h = %.4g): simulate instead", f, p, d, 2 * f / (1 + f)));
        }
        RmsPropTableGrid.Interpolated r = interpolated.get();
        double mc = r.monteCarloRelativeError();
        double variance = noiseVariance / (curvature * curvature) * r.value() * f;
        RmsPropScalingElasticities el = r.slopesKnown()
                ? RmsPropScalingElasticities.of(a, e, f, r.logRatioPerLogMeanField(), r.logRatioPerRootShare())
                : RmsPropScalingElasticities.UNKNOWN;
        return new Lookup(new Prediction.Stationary(variance, method),
                Math.sqrt(mc * mc + 0.25 * interpolationErrorBound * interpolationErrorBound), mc,
                interpolationErrorBound, el.curvature(), el.noiseVariance());
    }

    private static Optional<Lookup> notApplicable(Prediction.Reason reason, String explanation) {
        return Optional.of(Lookup.notApplicable(reason, explanation));
    }

    private Lookup outside(String what, Axis axis) {
        return Lookup.notApplicable(Prediction.Reason.UNSUPPORTED_OPTIMIZER, what + " is outside the table's range "
                + grid.range(axis) + ": simulate instead");
    }
}
