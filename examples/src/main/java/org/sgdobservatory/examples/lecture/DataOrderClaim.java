package org.sgdobservatory.examples.lecture;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.sgdobservatory.sim.gradient.DataOrder;
import org.sgdobservatory.sim.gradient.MinibatchGradient;
import org.sgdobservatory.sim.gradient.PerExampleNoiseDataset;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.optim.Sgd;
import org.sgdobservatory.sim.simulation.Simulation;
import org.sgdobservatory.sim.simulation.SimulationProgress;
import org.sgdobservatory.sim.simulation.SimulationResult;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.CyclicOrderQuadratic1D;
import org.sgdobservatory.sim.theory.ReshufflingQuadratic1D;
import org.sgdobservatory.sim.theory.SgdQuadratic1D;

/**
 * Claim 6, what the lecture leaves out: the data order ({@code docs/data-order.md}), so the claim is
 * {@link Relation#BEYOND_THE_LECTURE}. A finite data set of
 * {@code n = 400} examples, batches of {@code B = 20} ({@code K = 20} per epoch), {@code L = x^2/2},
 * {@code eta = 0.02}, Gaussian per-example noises scaled so an i.i.d. batch has {@code s2 = 1}:
 * <ul>
 *   <li>i.i.d. batches (with replacement): {@code eta s2/(h(2 - eta h))} ({@link SgdQuadratic1D});</li>
 *   <li>random reshuffling: the batch noises of an epoch sum to zero; exact spread from
 *       {@link ReshufflingQuadratic1D} with {@code s2 (n-B)/(n-1)}, about 0.128x the i.i.d. value;</li>
 *   <li>fixed cyclic order: a limit cycle, whose spread {@link CyclicOrderQuadratic1D} computes from the
 *       data set's actual batch noises; the run is deterministic, so the check is numerical.</li>
 * </ul>
 */
final class DataOrderClaim implements LectureClaim {
    private static final int N = 400;
    private static final int B = 20;
    private static final double H = 1;
    private static final double ETA = 0.02;
    private static final double S2 = 1;
    private static final long DATA_SEED = 5000;
    private static final double K = 4;
    /** r^(2k) = 0.98^3000 ≈ 4e-27: the start is forgotten far below the 1e-6 tolerance. */
    private static final int CYCLIC_BURN_IN = 1500;

    @Override
    public String id() {
        return "data-order";
    }

    @Override
    public ClaimResult check(Effort effort, Function<String, SimulationProgress> progress) {
        long started = System.nanoTime();
        QuadraticLandscape landscape = QuadraticLandscape.diagonal(H);
        PerExampleNoiseDataset data = PerExampleNoiseDataset.gaussian(landscape, N, B, new double[] {S2}, DATA_SEED);
        int k = N / B;
        int chains = effort.chains(256);
        int steps = effort.steps(1200);
        int burnIn = Runs.burnIn(1 - ETA * H);

        SimulationResult iid = run(data, DataOrder.IID_WITH_REPLACEMENT, chains, burnIn, steps, 5001,
                progress.apply("data-order iid"));
        SimulationResult reshuffle = run(data, DataOrder.RESHUFFLE, chains, burnIn, steps, 5002,
                progress.apply("data-order reshuffle"));
        // Cyclic: every chain follows the same deterministic orbit, so one chain; 16 time blocks of whole
        // epochs so the pooled variance is exactly the spread of the orbit points.
        int cyclicSteps = 16 * k * 5;
        SimulationResult cyclic = run(data, DataOrder.CYCLIC, 1, CYCLIC_BURN_IN, cyclicSteps, 5003,
                progress.apply("data-order cyclic"));

        Exact exact = Exact.of(data, k);

        Estimate iidVar = iid.variance(0);
        Estimate rrVar = reshuffle.variance(0);
        Estimate cyclicVar = cyclic.variance(0);
        Estimate effect = rrVar.dividedBy(iidVar);
        List<Check> checks = new ArrayList<>();
        checks.add(Check.within("i.i.d. Var", iidVar, exact.iid(), K, 0));
        checks.add(Check.within("reshuffle Var", rrVar, exact.reshuffle(), K, 0));
        checks.add(Check.within("reshuffle / i.i.d. (size of the effect)", effect,
                exact.reshuffle() / exact.iid(), K, 0));
        // Deterministic orbit: only floating-point error, far below 1e-6 relative.
        checks.add(Check.withinRelative("cyclic limit-cycle spread", cyclicVar.value(), exact.cyclic(), 1e-6));
        List<String> details = details(exact, k, chains, steps, iidVar, rrVar, cyclicVar);
        String conclusion = "the lecture treats every step's minibatch noise as independent, but DL4J iterators walk"
                + " the data in epochs: reshuffling each epoch gives " + Runs.num(effect.value()) + " ± "
                + Runs.num(effect.standardError()) + " times the i.i.d. spread (exact "
                + Runs.num(exact.reshuffle() / exact.iid()) + "), and a fixed order a limit cycle of period " + k
                + " steps, not a density, whose spread is " + Runs.num(cyclicVar.value() / exact.iid())
                + " times the i.i.d. value";
        return new ClaimResult(id(), "Data order: i.i.d. vs reshuffle vs cyclic on a finite data set",
                Relation.BEYOND_THE_LECTURE,
                "(Left out by the lecture, whose SDE treats each step's noise as independent.)",
                "i.i.d.: eta s2/(h(2 - eta h)); reshuffle: exact epoch recursion (ReshufflingQuadratic1D,"
                        + " docs/data-order.md#random-reshuffling); cyclic: exact limit cycle from the actual batch"
                        + " noises (CyclicOrderQuadratic1D)",
                "stochastic orders: 4 SE (32 independent chain groups; ratio by the delta method); cyclic:"
                        + " 1e-6 relative, the orbit is deterministic",
                checks, details, conclusion, (System.nanoTime() - started) / 1e9);
    }

    private static SimulationResult run(PerExampleNoiseDataset data, DataOrder order, int chains, int burnIn,
            int steps, long seed, SimulationProgress progress) {
        return Simulation.builder().gradient(MinibatchGradient.of(data, B, order)).updater(new Sgd(ETA))
                .chains(chains).burnIn(burnIn).steps(steps).seed(seed).build().run(progress);
    }

    /** The claim's details: the set-up and each order's measurement beside its exact answer. */
    private static List<String> details(Exact exact, int k, int chains, int steps, Estimate iidVar, Estimate rrVar,
                                        Estimate cyclicVar) {
        return List.of(
                "n = " + N + ", B = " + B + " (K = " + k + " batches/epoch), h = " + H + ", eta = " + ETA
                        + " (eta h K = " + Runs.num(ETA * H * k) + "), i.i.d. batch noise s2 = " + S2
                        + "; " + chains + " chains x " + steps + " steps",
                "i.i.d.: " + Runs.num(iidVar.value()) + " ± " + Runs.num(iidVar.standardError()) + " (exact "
                        + Runs.num(exact.iid()) + ", the lecture's model)",
                "reshuffle: " + Runs.num(rrVar.value()) + " ± " + Runs.num(rrVar.standardError()) + " (exact "
                        + Runs.num(exact.reshuffle()) + " = " + Runs.num(exact.reshuffle() / exact.iid())
                        + "x i.i.d.; vs i.i.d. with the same without-replacement s2: " + Runs.num(exact.ratioToIid())
                        + "x; rule of thumb eta h K/3 = " + Runs.num(ETA * H * k / 3) + ")",
                "cyclic: limit cycle of period " + k + " steps, spread " + Runs.num(cyclicVar.value()) + " (exact "
                        + Runs.num(exact.cyclic()) + " = " + Runs.num(exact.cyclic() / exact.iid())
                        + "x i.i.d., amplitude " + Runs.num(exact.cyclicAmplitude())
                        + "); no density, so autocorrelation/ESS do not apply");
    }

    /**
     * The exact answers on the data set.
     *
     * @param iid i.i.d. minibatches' stationary variance
     * @param reshuffle reshuffling's stationary spread (without-replacement batch noise, the epoch recursion)
     * @param ratioToIid reshuffling against i.i.d. with the same without-replacement batch noise
     * @param cyclic the fixed cyclic order's limit-cycle spread, from the actual batch noises
     * @param cyclicAmplitude the limit cycle's amplitude
     */
    private record Exact(double iid, double reshuffle, double ratioToIid, double cyclic, double cyclicAmplitude) {

        static Exact of(PerExampleNoiseDataset data, int k) {
            double withoutReplacement = ReshufflingQuadratic1D.withoutReplacementBatchVariance(B * S2, N, B);
            ReshufflingQuadratic1D rr = ReshufflingQuadratic1D.of(ETA, H, withoutReplacement, k);
            double[][] e = data.perExampleNoises();
            double[] xi = new double[k];
            for (int m = 0; m < k; m++) {
                for (int i = m * B; i < (m + 1) * B; i++) {
                    xi[m] += e[i][0] / B;
                }
            }
            CyclicOrderQuadratic1D cycle = CyclicOrderQuadratic1D.of(ETA, H, xi);
            return new Exact(SgdQuadratic1D.of(ETA, H, S2).stationaryVariance(), rr.stationarySpread(),
                    rr.ratioToIid(), cycle.spread(), cycle.amplitude());
        }
    }
}
