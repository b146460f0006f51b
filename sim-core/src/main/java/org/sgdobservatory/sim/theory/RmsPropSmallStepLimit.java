package org.sgdobservatory.sim.theory;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.sgdobservatory.sim.stats.Estimate;

/**
 * The limit {@code a -> 0} of RMSProp's stationary variance relative to its mean field, on the scaled
 * 1-D problem of {@link RmsPropScaling} ({@code y <- y - a (y + xi)/(sqrt(w) + e)},
 * {@code w <- rho w + (1 - rho)(y + xi)^2}): the row {@code F = 0} of {@link RmsPropStationaryTable}.
 *
 * <p><b>Result.</b> With {@code w} the stationary exponential average of {@code xi^2} alone (the current
 * {@code xi} included) and {@code m = 1/(sqrt(w) + e)}:
 * <pre>
 *   f(a) / F(a)  ->  c0(rho, e) = (1 + e) D / K,
 *   D = E[xi^2 m^2],     K = E[m] - (1 - rho) E[xi^2 m^2 / sqrt(w)].
 * </pre>
 *
 * <p><b>Derivation.</b> For small {@code a} the spread of {@code y} is {@code V = O(a)}, {@code y} relaxes in
 * {@code ~1/a} steps and {@code w} in {@code 1/(1 - rho)}. Write {@code w = w0 + (1 - rho)(2 y xi + y^2)} with
 * {@code w0} its value at {@code y = 0}, so {@code m = m0 + m'(w0) (1 - rho) 2 y xi + O(a)} with
 * {@code m' = dm/dw = -m^2/(2 sqrt(w))}. Stationarity of {@code E[y^2]} reads
 * {@code 0 = -2a E[y (y + xi) m] + a^2 E[(y + xi)^2 m^2]}. The current {@code xi} is independent of {@code y}
 * and enters {@code m0} only through {@code xi^2}, so {@code E[y xi m0] = 0}, {@code E[y^2 m] = V E[m] + O(a^2)}
 * and {@code E[y xi m] = 2 (1 - rho) V E[xi^2 m'] + O(a^2)}: the current gradient in {@code v} makes a step
 * toward the minimum smaller when {@code y} and {@code xi} agree in sign, which weakens the restoring force.
 * Hence {@code 2 a V K = a^2 D + O(a^3)}, {@code V = a D/(2K)}, while the mean field gives
 * {@code F = a/(2(1 + e)) + O(a^2)}. The corrections are of relative order {@code a}, so {@code f/F} is linear in
 * {@code F} near 0 (the table interpolates linearly there). Checks: {@code e -> infinity} gives {@code c0 -> 1}
 * (SGD with rate {@code lr/epsilon}, where the mean field is exact); {@code rho -> 1} makes {@code w = 1}
 * constant and {@code c0 -> 1}; dropping the {@code (1 - rho)} term of {@code K} would give 0.886 instead of
 * 0.972 at {@code rho = 0.9}, {@code e = 0}, and simulations at {@code a = 10^-3 .. 2 10^-2} agree with 0.972 to
 * their 0.1% standard error.
 *
 * <p><b>Evaluation.</b> The expectations are Monte Carlo averages over {@code groups} independent chains of the
 * {@code w} recursion alone (no {@code y}), each started at {@code w = 1} and run {@code ceil(30/(1 - rho))}
 * steps before recording; {@code c0} is the pooled ratio and its standard error the spread of the per-group
 * ratios, {@code sd/sqrt(groups)}, so the autocorrelation of {@code w} needs no model. The chains run in
 * parallel, each with a generator split from the seed in chain order: a seed gives the same number on any
 * number of threads. Static functions only; thread-safe.
 */
public final class RmsPropSmallStepLimit {

    private RmsPropSmallStepLimit() {
    }

    /**
     * {@code c0(rho, e)} by Monte Carlo (class comment).
     *
     * @param rmsDecay {@code rho} in {@code (0, 1)}
     * @param scaledEpsilon {@code e = epsilon/sigma >= 0}, finite
     * @param groups independent chains, {@code >= 2}
     * @param samplesPerGroup recorded steps per chain, {@code >= 1}
     * @param seed the seed of every draw
     * @return {@code c0} with its standard error (effective sample size from the per-sample variance of the
     *     linearised ratio over the squared standard error)
     * @throws IllegalArgumentException if an argument is outside its range
     */
    public static Estimate ratioToMeanField(double rmsDecay, double scaledEpsilon, int groups,
            long samplesPerGroup, long seed) {
        if (!(rmsDecay > 0 && rmsDecay < 1)) {
            throw new IllegalArgumentException("rmsDecay must be in (0, 1), was " + rmsDecay
                    + "; pass DL4J's RmsProp decay, e.g. 0.95");
        }
        Checks.nonNegative("scaledEpsilon", scaledEpsilon, "pass e = epsilon/sigma >= 0");
        if (!(groups >= 2 && samplesPerGroup >= 1)) {
            throw new IllegalArgumentException("need groups >= 2 and samplesPerGroup >= 1, were " + groups
                    + " and " + samplesPerGroup + "; the standard error comes from the spread over groups");
        }
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] generators = new SplittableRandom[groups];
        for (int g = 0; g < groups; g++) {
            generators[g] = root.split();
        }
        double[][] sums = new double[groups][];
        IntStream.range(0, groups).parallel().forEach(g -> sums[g] =
                chain(rmsDecay, scaledEpsilon, samplesPerGroup, generators[g]));
        double d = 0;
        double k = 0;
        double[] perGroup = new double[groups];
        for (int g = 0; g < groups; g++) {
            d += sums[g][0];
            k += sums[g][1];
            perGroup[g] = (1 + scaledEpsilon) * sums[g][0] / sums[g][1];
        }
        double value = (1 + scaledEpsilon) * d / k;
        double se = Estimate.groupStandardError(perGroup);
        // Per-sample variance of the linearised ratio (1 + e)(D_t - r K_t)/K, r = D/K.
        double n = (double) groups * samplesPerGroup;
        double r = d / k;
        double dd = 0;
        double kk = 0;
        double dk = 0;
        for (double[] s : sums) {
            dd += s[2];
            kk += s[3];
            dk += s[4];
        }
        double kMean = k / n;
        double linearised = (dd / n - 2 * r * dk / n + r * r * kk / n) * Math.pow((1 + scaledEpsilon) / kMean, 2);
        double ess = se > 0 ? linearised / (se * se) : n;
        return new Estimate(value, se, Math.max(0, Math.min(n, ess)));
    }

    /** Sums of D_t, K_t, D_t^2, K_t^2, D_t K_t over one chain. */
    private static double[] chain(double rho, double e, long samples, SplittableRandom random) {
        double keep = rho;
        double add = 1 - rho;
        double w = 1;
        long burnIn = (long) Math.ceil(30 / (1 - rho));
        for (long t = 0; t < burnIn; t++) {
            double xi = random.nextGaussian();
            w = keep * w + add * xi * xi;
        }
        double sd = 0;
        double sk = 0;
        double sdd = 0;
        double skk = 0;
        double sdk = 0;
        for (long t = 0; t < samples; t++) {
            double xi = random.nextGaussian();
            double xi2 = xi * xi;
            w = keep * w + add * xi2;
            double root = Math.sqrt(w);
            double m = 1 / (root + e);
            double dt = xi2 * m * m;
            double kt = m - add * dt / root;
            sd += dt;
            sk += kt;
            sdd += dt * dt;
            skk += kt * kt;
            sdk += dt * kt;
        }
        return new double[] {sd, sk, sdd, skk, sdk};
    }
}
