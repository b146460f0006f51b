package org.sgdobservatory.sim.theory;

import java.util.Objects;
import org.apache.commons.math3.special.Gamma;
import org.sgdobservatory.sim.stats.Estimate;

/**
 * Is the stationary state Gibbs in the loss, i.e. does it have one temperature?
 * (docs/theory.md#when-the-density-is-gibbs: {@code p ∝ exp(-L/T)} iff {@code S = T H^{-1}}; per-parameter noise
 * variances give several temperatures, "not Gibbs".)
 *
 * <p><b>Per-parameter test</b> ({@link #ofTemperatures}): independent estimates {@code T_i ± se_i} are
 * compared with their inverse-variance weighted mean {@code T̄ = sum w_i T_i / sum w_i},
 * {@code w_i = 1/se_i^2}; under the hypothesis of one temperature
 * {@code chi2 = sum w_i (T_i - T̄)^2} is chi-squared with {@code m - 1} degrees of freedom (Cochran's
 * homogeneity test, W. G. Cochran, Biometrics 10 (1954) 101-129). Gibbs is accepted when the p-value is
 * at least the significance level (default {@value #DEFAULT_SIGNIFICANCE}).
 *
 * <p><b>Matrix test</b> ({@link #ofCovariance}) for an N-D quadratic: with {@code M = (H S + S H)/2},
 * Gibbs means {@code M = T I}. The statistic adds {@code M_ij^2/var(M_ij)} over {@code i < j} to the
 * homogeneity statistic of the diagonal {@code M_ii}, with {@code D(D-1)/2 + D - 1} degrees of freedom.
 * Standard errors are propagated from the entries of {@code S} treating the distinct entries
 * {@code S_ab, a <= b} as <em>independent</em> (an approximation: sample covariances are correlated), and
 * {@code H} as exact; the {@code M_ij} share entries of {@code S}, so the chi-squared reference is also
 * approximate. Stateless and thread-safe.
 */
public final class GibbsTest {

    /** The default significance level, {@code 0.001}. */
    public static final double DEFAULT_SIGNIFICANCE = 0.001;

    private GibbsTest() {
    }

    /**
     * The outcome of a one-temperature test.
     *
     * @param gibbs whether one temperature is consistent with the data ({@code pValue >= significanceLevel})
     * @param pValue the upper chi-squared tail probability of {@code chiSquared}
     * @param chiSquared the test statistic
     * @param degreesOfFreedom its degrees of freedom, {@code >= 1}
     * @param pooledTemperature the inverse-variance weighted mean temperature, SE {@code 1/sqrt(sum w)}
     * @param maxMinRatio the largest over the smallest temperature estimate (NaN if the smallest is {@code <= 0})
     * @param significanceLevel the level the test used
     */
    public record Result(boolean gibbs, double pValue, double chiSquared, int degreesOfFreedom,
            Estimate pooledTemperature, double maxMinRatio, double significanceLevel) {

        /** Validates the components. */
        public Result {
            Objects.requireNonNull(pooledTemperature, "pooledTemperature");
            if (!(degreesOfFreedom >= 1)) {
                throw new IllegalArgumentException("degreesOfFreedom must be >= 1, was " + degreesOfFreedom);
            }
        }
    }

    /**
     * Per-parameter one-temperature test at the default significance level.
     *
     * @param temperatures at least two independent estimates with standard errors {@code > 0}
     * @return the result
     */
    public static Result ofTemperatures(Estimate[] temperatures) {
        return ofTemperatures(temperatures, DEFAULT_SIGNIFICANCE);
    }

    /**
     * Per-parameter one-temperature test.
     *
     * @param temperatures at least two independent estimates, finite values, standard errors {@code > 0}
     * @param significanceLevel in {@code (0, 1)}
     * @return the result
     * @throws IllegalArgumentException with fewer than two estimates, a non-finite value or a standard
     *     error that is not {@code > 0} (names the index; estimate errors first, e.g. by batch means)
     */
    public static Result ofTemperatures(Estimate[] temperatures, double significanceLevel) {
        checkLevel(significanceLevel);
        if (temperatures == null || temperatures.length < 2) {
            throw new IllegalArgumentException("temperatures must hold at least 2 estimates, had "
                    + (temperatures == null ? "null" : temperatures.length) + "; one temperature is always Gibbs");
        }
        double[] values = new double[temperatures.length];
        double[] variances = new double[temperatures.length];
        double ess = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = temperatures[i].value();
            variances[i] = squaredError("temperatures[" + i + "]", values[i], temperatures[i].standardError());
            ess += temperatures[i].effectiveSampleSize();
        }
        return homogeneity(values, variances, 0, 0, significanceLevel, ess);
    }

    /**
     * Matrix one-temperature test of an estimated stationary covariance of an N-D quadratic: is
     * {@code (H S + S H)/2 = T I} within errors? (See the class comment for the assumptions.)
     *
     * @param hessian symmetric {@code H}, {@code D x D}, {@code D >= 2}, treated as exact
     * @param covariance the estimated symmetric {@code S}
     * @param covarianceStandardErrors the standard error of each entry of {@code S} (symmetric, {@code > 0})
     * @param significanceLevel in {@code (0, 1)}
     * @return the result; {@code pooledTemperature} is the weighted mean of the diagonal of {@code M}
     */
    public static Result ofCovariance(double[][] hessian, double[][] covariance,
            double[][] covarianceStandardErrors, double significanceLevel) {
        checkLevel(significanceLevel);
        int d = Checks.square("H", hessian);
        Checks.sameDimension("S", covariance, d);
        Checks.sameDimension("SE", covarianceStandardErrors, d);
        Checks.symmetric("H", hessian);
        Checks.symmetric("S", covariance);
        Checks.symmetric("SE", covarianceStandardErrors);
        if (d < 2) {
            throw new IllegalArgumentException("the matrix test needs D >= 2, was D = 1; in 1-D every state"
                    + " has one temperature");
        }
        double[][] h = hessian;
        double[][] s = covariance;
        double[][] se = covarianceStandardErrors;
        double[] diag = new double[d];
        double[] diagVar = new double[d];
        double offChi2 = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double value = 0;
                double var = 0;
                if (i == j) {
                    // M_ii = sum_k H_ik S_ki; S_ki are distinct entries for distinct k.
                    for (int k = 0; k < d; k++) {
                        value += h[i][k] * s[k][i];
                        var += h[i][k] * h[i][k] * se[k][i] * se[k][i];
                    }
                    diag[i] = value;
                    diagVar[i] = squaredError("(HS)_" + i + i, value, Math.sqrt(var));
                } else {
                    // M_ij = (sum_k H_ik S_kj + sum_k H_jk S_ki)/2; the entry {i,j} appears in both sums
                    // (k = i in the first, k = j in the second), every other entry once.
                    for (int k = 0; k < d; k++) {
                        value += 0.5 * (h[i][k] * s[k][j] + h[j][k] * s[k][i]);
                        if (k != i) {
                            var += 0.25 * h[i][k] * h[i][k] * se[k][j] * se[k][j];
                        }
                        if (k != j) {
                            var += 0.25 * h[j][k] * h[j][k] * se[k][i] * se[k][i];
                        }
                    }
                    double shared = 0.5 * (h[i][i] + h[j][j]);
                    var += shared * shared * se[i][j] * se[i][j];
                    double v = squaredError("(HS)_" + i + j, value, Math.sqrt(var));
                    offChi2 += value * value / v;
                }
            }
        }
        return homogeneity(diag, diagVar, offChi2, d * (d - 1) / 2, significanceLevel,
                Double.POSITIVE_INFINITY);
    }

    private static Result homogeneity(double[] values, double[] variances, double extraChi2, int extraDof,
            double level, double ess) {
        double sumW = 0;
        double sumWT = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            double w = 1 / variances[i];
            sumW += w;
            sumWT += w * values[i];
            max = Math.max(max, values[i]);
            min = Math.min(min, values[i]);
        }
        double pooled = sumWT / sumW;
        double chi2 = extraChi2;
        for (int i = 0; i < values.length; i++) {
            double dev = values[i] - pooled;
            chi2 += dev * dev / variances[i];
        }
        int dof = values.length - 1 + extraDof;
        double p = Gamma.regularizedGammaQ(dof / 2.0, chi2 / 2);
        return new Result(p >= level, p, chi2, dof, new Estimate(pooled, Math.sqrt(1 / sumW), ess),
                min > 0 ? max / min : Double.NaN, level);
    }

    private static double squaredError(String name, double value, double standardError) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, was " + value
                    + "; drop parameters whose variance could not be estimated");
        }
        if (!(standardError > 0 && standardError < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + " needs a standard error > 0, was " + standardError
                    + "; estimate it first (e.g. batch means) or drop the parameter");
        }
        return standardError * standardError;
    }

    private static void checkLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("significanceLevel must be in (0, 1), was " + level
                    + "; the default is " + DEFAULT_SIGNIFICANCE);
        }
    }
}
