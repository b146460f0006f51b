package org.sgdobservatory.sim.theory;

import java.util.Arrays;
import java.util.Optional;
import org.sgdobservatory.sim.theory.RmsPropStationaryTable.Source;

/**
 * The nodes of an {@link RmsPropStationaryTable} and their trilinear interpolation: the ratio {@code R = f/F}, its
 * Monte Carlo relative standard error and its {@link Source} on the product of three ascending axes:
 * <ul>
 *   <li>{@code 1 - rho} (linear interpolation; the deviation {@code 1 - R} is close to proportional to it);</li>
 *   <li>{@code F}, the mean-field variance in noise units: node 0 is the limit {@code a -> 0}
 *       ({@link RmsPropSmallStepLimit}) and the segment {@code [0, F_1]} is interpolated linearly in {@code F}
 *       (the first correction is linear in {@code a}); above {@code F_1}, linearly in {@code log F}. {@code F}
 *       replaces {@code a} because it maps the whole range of {@code a}, from the noise-dominated
 *       {@code F ~ a/2} to the sign-like {@code F ~ a^2/4} of large steps, onto one axis on which {@code R} is
 *       smooth;</li>
 *   <li>{@code p = sqrt(1 + F)/(sqrt(1 + F) + e)}, the share of {@code sqrt(v)} in the denominator (linear):
 *       {@code p = 1} is a negligible epsilon, {@code p = 0} the limit where epsilon dominates and RMSProp is SGD
 *       with rate {@code lr/epsilon}, for which the mean field is exact ({@code R = 1}, source
 *       {@link Source#SGD_LIMIT}).</li>
 * </ul>
 * The interpolated value's Monte Carlo error is {@code sqrt(sum_c w_c^2 SE_c^2)/R} over
 * the corners {@code c} with weights {@code w_c} (the nodes are independent simulations). Arrays are copied on the
 * way in and out. Immutable and thread-safe.
 */
final class RmsPropTableGrid {

    /** The three axes, in node-index order {@code (k, i, j)}. */
    enum Axis { ONE_MINUS_RHO, MEAN_FIELD, ROOT_SHARE }

    /**
     * An interpolated ratio.
     *
     * @param value {@code R}
     * @param monteCarloRelativeError the Monte Carlo relative standard error of {@code R}
     * @param slopesKnown false when a corner across the cell is an omitted node (then the slopes are not known)
     * @param logRatioPerLogMeanField {@code d ln R/d ln F} of the interpolant
     * @param logRatioPerRootShare {@code d ln R/d p} of the interpolant
     */
    record Interpolated(double value, double monteCarloRelativeError, boolean slopesKnown,
            double logRatioPerLogMeanField, double logRatioPerRootShare) {
    }

    private final double[] oneMinusRho;
    private final double[] meanField;
    private final double[] logMeanField;
    private final double[] rootShare;
    private final double[] ratio;
    private final double[] relativeError;
    private final Source[] source;

    RmsPropTableGrid(double[] oneMinusRho, double[] meanField, double[] rootShare, double[] ratio,
            double[] relativeError, Source[] source) {
        this.oneMinusRho = oneMinusRho.clone();
        this.meanField = meanField.clone();
        this.rootShare = rootShare.clone();
        this.ratio = ratio.clone();
        this.relativeError = relativeError.clone();
        this.source = source.clone();
        this.logMeanField = new double[meanField.length];
        for (int i = 1; i < meanField.length; i++) {
            logMeanField[i] = Math.log(meanField[i]);
        }
    }

    /** The cell {@code c} with {@code axis[c] <= x <= axis[c + 1]}, or -1 outside (rounding at the ends allowed). */
    int cell(Axis axis, double x) {
        double[] values = values(axis);
        int last = values.length - 1;
        double slack = 1e-12 * Math.max(Math.abs(values[last]), Math.abs(values[0]));
        if (!(x >= values[0] - slack && x <= values[last] + slack)) {
            return -1;
        }
        int at = Arrays.binarySearch(values, x);
        int c = at >= 0 ? at : -at - 2;
        return Math.max(0, Math.min(last - 1, c));
    }

    /**
     * The ratio interpolated in the cell {@code (k, i, j)} (from {@link #cell}) at {@code (1 - rho, F, p)}, or
     * empty when a corner with weight is an omitted node.
     */
    Optional<Interpolated> interpolate(int k, int i, int j, double oneMinusRho, double f, double p) {
        double tk = LinearInterpolation.fraction(this.oneMinusRho[k], this.oneMinusRho[k + 1], oneMinusRho);
        double ti = i == 0 ? LinearInterpolation.fraction(meanField[0], meanField[1], f)
                : LinearInterpolation.fraction(logMeanField[i], logMeanField[i + 1], Math.log(f));
        double tj = LinearInterpolation.fraction(rootShare[j], rootShare[j + 1], p);
        double value = 0;
        double mc2 = 0;
        double slopeI = 0;   // d value / d ti
        double slopeJ = 0;   // d value / d tj
        boolean slopesKnown = true;
        for (int corner = 0; corner < 8; corner++) {
            int ck = k + (corner & 1);
            int ci = i + ((corner >> 1) & 1);
            int cj = j + ((corner >> 2) & 1);
            double wk = (corner & 1) == 0 ? 1 - tk : tk;
            double wi = ((corner >> 1) & 1) == 0 ? 1 - ti : ti;
            double wj = ((corner >> 2) & 1) == 0 ? 1 - tj : tj;
            double w = wk * wi * wj;
            int n = index(ck, ci, cj);
            if (w == 0) {
                // no weight, but a slope across the cell: unknown next to an omitted node
                slopesKnown &= source[n] != Source.OMITTED;
                if (slopesKnown) {
                    slopeI += wk * wj * (ci == i ? -1 : 1) * ratio[n];
                    slopeJ += wk * wi * (cj == j ? -1 : 1) * ratio[n];
                }
                continue;
            }
            slopeI += wk * wj * (ci == i ? -1 : 1) * ratio[n];
            slopeJ += wk * wi * (cj == j ? -1 : 1) * ratio[n];
            if (source[n] == Source.OMITTED) {
                return Optional.empty();
            }
            value += w * ratio[n];
            double se = relativeError[n] * ratio[n];
            mc2 += w * w * se * se;
        }
        double mc = Math.sqrt(mc2) / value;
        // d ln R / d ln F and d ln R / d p of the interpolant, from the slopes across the cell
        double tiPerLogF = i == 0 ? f / (meanField[1] - meanField[0]) : 1 / (logMeanField[i + 1] - logMeanField[i]);
        double tjPerP = 1 / (rootShare[j + 1] - rootShare[j]);
        return Optional.of(new Interpolated(value, mc, slopesKnown, slopeI * tiPerLogF / value,
                slopeJ * tjPerP / value));
    }

    private double[] values(Axis axis) {
        return switch (axis) {
            case ONE_MINUS_RHO -> oneMinusRho;
            case MEAN_FIELD -> meanField;
            case ROOT_SHARE -> rootShare;
        };
    }

    private int index(int k, int i, int j) {
        return (k * meanField.length + i) * rootShare.length + j;
    }

    /** An axis (a copy). */
    double[] axis(Axis axis) {
        return values(axis).clone();
    }

    /** {@code [first, last]} of an axis, for messages. */
    String range(Axis axis) {
        double[] values = values(axis);
        return "[" + values[0] + ", " + values[values.length - 1] + "]";
    }

    /** The number of nodes along each axis, for {@code toString}. */
    String shape() {
        return oneMinusRho.length + " x " + meanField.length + " x " + rootShare.length;
    }

    /** The tabulated {@code R} at node {@code (k, i, j)} (NaN if omitted). */
    double ratio(int k, int i, int j) {
        return ratio[index(k, i, j)];
    }

    /** The Monte Carlo relative standard error of node {@code (k, i, j)}. */
    double relativeStandardError(int k, int i, int j) {
        return relativeError[index(k, i, j)];
    }

    /** The source of node {@code (k, i, j)}. */
    Source source(int k, int i, int j) {
        return source[index(k, i, j)];
    }

    /** The largest Monte Carlo relative standard error of a tabulated (not omitted) node. */
    double maxNodeRelativeStandardError() {
        double worst = 0;
        for (int n = 0; n < ratio.length; n++) {
            if (source[n] != Source.OMITTED) {
                worst = Math.max(worst, relativeError[n]);
            }
        }
        return worst;
    }
}
