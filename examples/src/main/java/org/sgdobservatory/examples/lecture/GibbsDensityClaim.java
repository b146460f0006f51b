package org.sgdobservatory.examples.lecture;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.sgdobservatory.examples.simulate.GibbsTemperature;
import org.sgdobservatory.sim.distance.TotalVariation;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.ScalarLoss;
import org.sgdobservatory.sim.landscape.SeparableLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.Sgd;
import org.sgdobservatory.sim.simulation.Simulation;
import org.sgdobservatory.sim.simulation.SimulationProgress;
import org.sgdobservatory.sim.simulation.SimulationResult;
import org.sgdobservatory.sim.simulation.Statistic;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.GridDensity;

/**
 * Claim 2: in 1-D the stationary density is Gibbs, {@code p ∝ exp(-L/(alpha eta s2))}. The lecture
 * writes {@code alpha ~ 1/10}; Fokker-Planck gives {@code alpha = 1/2}
 * ({@code docs/theory.md#fokker-planck-and-the-value-of-alpha}): the claim is {@link Relation#CORRECTED}. On the double
 * well {@code L = (x^2 - 1)^2} we measure alpha as {@code T_hat/(eta s2)}, where {@code T_hat} is the
 * temperature whose Gibbs density has the observed mean loss ({@link GibbsTemperature}: the mean loss is
 * monotone in T, the variance of a double well is not), and the total variation between the sampled
 * histogram and the Gibbs densities at alpha = 1/2 and 1/10.
 *
 * <p>Setup: {@code eta = 0.0025}, {@code s2 = 200}, so {@code T = eta s2/2 = 0.25}, a barrier of 4 T.
 * Chains start on the barrier top {@code x = 0}, so by symmetry both wells are equally populated (a
 * crossing takes ~60 time units at this barrier; the run lasts 4), which is what the Gibbs density says.
 */
final class GibbsDensityClaim implements LectureClaim {
    private static final double BARRIER = 1;
    private static final double ETA = 0.0025;
    private static final double S2 = 200;
    private static final double K = 4;
    /** Leaving the barrier top takes ~300 steps (growth rate 4 eta per step), relaxing in a well ~100 more. */
    private static final int BURN_IN = 700;

    @Override
    public String id() {
        return "gibbs-double-well";
    }

    @Override
    public ClaimResult check(Effort effort, Function<String, SimulationProgress> progress) {
        long started = System.nanoTime();
        ScalarLoss loss = ScalarLoss.doubleWell(BARRIER);
        int chains = effort.chains(2048);
        int steps = effort.steps(800);
        SimulationResult result = Simulation.builder()
                .gradient(NoisyGradient.of(SeparableLandscape.of(loss, 1), GaussianNoise.diagonal(S2)))
                .updater(new Sgd(ETA)).chains(chains).burnIn(BURN_IN).steps(steps).seed(3000)
                .collect(Statistic.AUTOCORRELATION).tracedChains(chains).maxTraceLength(steps)
                .build().run(progress.apply("gibbs-double-well"));
        double[][] traces = result.traces(0).orElseThrow();
        Estimate meanLoss = GibbsTemperature.meanLossOfTraces(loss, traces);
        Estimate temperature = GibbsTemperature.temperatureForMeanLoss(loss, meanLoss);
        double scale = ETA * S2;
        Estimate alpha = new Estimate(temperature.value() / scale, temperature.standardError() / scale,
                temperature.effectiveSampleSize());
        // Known first-order discretisation bias: at the minima (curvature h = 8a) the exact discrete
        // alpha is 1/(2 - eta h) ≈ (1/2)(1 + eta h/2); allow that much above 1/2.
        double curvatureAtMinimum = 8 * BARRIER;
        double allowance = 0.5 * ETA * curvatureAtMinimum / 2;

        TotalVariations tv = TotalVariations.of(loss, traces, scale, chains);
        double tvHalf = tv.half();
        double tvTenth = tv.tenth();

        List<Check> checks = new ArrayList<>();
        checks.add(Check.within("alpha_hat vs Fokker-Planck 1/2", alpha, 0.5, K, allowance));
        double zTenth = Math.abs(alpha.value() - 0.1) / alpha.standardError();
        checks.add(Check.above("lecture's 1/10 rejected: |alpha_hat - 1/10| / SE", zTenth, 10));
        checks.add(Check.below("TV(alpha=1/2) / TV(alpha=1/10)", tvHalf / tvTenth, 0.2));
        List<String> details = List.of(
                "L = (x^2-1)^2, eta = " + ETA + ", s2 = " + S2 + ", T_FP = eta s2/2 = " + Runs.num(0.5 * scale)
                        + "; " + chains + " chains x " + steps + " steps after " + BURN_IN + " burn-in",
                "mean loss " + Runs.num(meanLoss.value()) + " ± " + Runs.num(meanLoss.standardError())
                        + " -> T_hat " + Runs.num(temperature.value()) + " ± " + Runs.num(temperature.standardError())
                        + " -> alpha_hat " + Runs.num(alpha.value()) + " ± " + Runs.num(alpha.standardError())
                        + " (Fokker-Planck 1/2, lecture 1/10; exact discrete quadratic at the minima 1/(2 - eta h) = "
                        + Runs.num(1 / (2 - ETA * curvatureAtMinimum)) + ")",
                "total variation on 82 bins: vs Gibbs(alpha=1/2) " + Runs.num(tvHalf) + ", vs Gibbs(alpha=1/10) "
                        + Runs.num(tvTenth) + "; i.i.d. null floor at n = chains " + Runs.num(tv.floor()),
                "observed variance " + Runs.num(result.variance(0).value()) + ", Gibbs(1/2) variance "
                        + Runs.num(tv.halfDensity().variance()) + ", Gibbs(1/10) variance "
                        + Runs.num(tv.tenthDensity().variance()));
        String conclusion = conclusion(alpha, zTenth, tvTenth / tvHalf);
        return new ClaimResult(id(), "1-D Gibbs density on a double well: measured alpha vs 1/2 and the lecture's 1/10",
                Relation.CORRECTED,
                "In 1-D the stationary density is p(x) ∝ exp(-L(x)/(alpha eta sigma^2)) with alpha ~ 1/10.",
                "Fokker-Planck zero flux gives alpha = 1/2 exactly for the SDE"
                        + " (docs/theory.md#fokker-planck-and-the-value-of-alpha); T_hat from the mean"
                        + " loss of the Gibbs family (monotone in T)",
                "alpha: 4 SE (SE from per-chain mean losses of " + chains + " independent chains, propagated"
                        + " through the monotone T(mean loss)) plus the known discretisation bias (1/2)(eta h/2) = "
                        + Runs.num(allowance) + " at the minima; 1/10 must lie > 10 SE away; the histogram must be"
                        + " 5x closer (TV) to alpha = 1/2 than to 1/10",
                checks, details, conclusion, (System.nanoTime() - started) / 1e9);
    }

    /** The claim's conclusion: why alpha is 1/2, and what was measured. */
    private static String conclusion(Estimate alpha, double zTenth, double closer) {
        return "the density is Gibbs, but the lecture's alpha ~ 1/10 is corrected to 1/2: in 1-D the"
                + " stationary solution of the Fokker-Planck equation of dX = -L'(X) dt + sqrt(eta s2) dW carries no"
                + " probability current, L' p + (eta s2/2) p' = 0, so p ∝ exp(-2L/(eta s2)) and alpha = 1/2 exactly;"
                + " measured alpha = " + Runs.num(alpha.value()) + " ± " + Runs.num(alpha.standardError())
                + " (1/10 lies " + Runs.num(zTenth) + " SE away), and the histogram is " + Runs.num(closer)
                + "x closer (total variation) to Gibbs(1/2) than to Gibbs(1/10)";
    }

    /**
     * The pooled traces' histogram against the Gibbs densities at {@code alpha = 1/2} and {@code 1/10}.
     *
     * @param half total variation from Gibbs(alpha = 1/2)
     * @param tenth total variation from Gibbs(alpha = 1/10)
     * @param floor the i.i.d. null mean of the distance at {@code n = chains}
     * @param halfDensity Gibbs(alpha = 1/2)
     * @param tenthDensity Gibbs(alpha = 1/10)
     */
    private record TotalVariations(double half, double tenth, double floor, GridDensity halfDensity,
                                   GridDensity tenthDensity) {

        static TotalVariations of(ScalarLoss loss, double[][] traces, double scale, int chains) {
            double[] pooled = new double[traces.length * traces[0].length];
            int i = 0;
            for (double[] t : traces) {
                System.arraycopy(t, 0, pooled, i, t.length);
                i += t.length;
            }
            double[] edges = new double[81];
            for (int e = 0; e < edges.length; e++) {
                edges[e] = -2 + 4.0 * e / (edges.length - 1);
            }
            GridDensity half = GibbsTemperature.density(loss, 0.5 * scale);
            GridDensity tenth = GibbsTemperature.density(loss, 0.1 * scale);
            // Null floor with n = chains (conservative: each chain's well is fixed for the run).
            double floor = TotalVariation.nullMean(TotalVariation.binProbabilities(half::cdf, edges), chains);
            return new TotalVariations(TotalVariation.distance(pooled, half::cdf, edges),
                    TotalVariation.distance(pooled, tenth::cdf, edges), floor, half, tenth);
        }
    }
}
