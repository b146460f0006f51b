package org.sgdobservatory.sim.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sgdobservatory.sim.gradient.DataOrder;
import org.sgdobservatory.sim.gradient.MinibatchGradient;
import org.sgdobservatory.sim.gradient.PerExampleNoiseDataset;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.optim.RmsProp;
import org.sgdobservatory.sim.simulation.ScaledRmsPropSimulation;
import org.sgdobservatory.sim.simulation.Simulation;
import org.sgdobservatory.sim.simulation.SimulationResult;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.ReshufflingQuadratic1D;
import org.sgdobservatory.sim.theory.RmsPropMeanField;
import org.sgdobservatory.sim.theory.RmsPropScaling;
import org.sgdobservatory.sim.theory.SgdQuadratic1D;

/**
 * How well "RMSProp's i.i.d. variance times SGD's reshuffling factor at the mean-field rate" predicts RMSProp
 * under per-epoch reshuffling, against sim-core's finite-data simulation (a data set of {@code n = K B} examples
 * with fixed Gaussian per-example noises, a new permutation per chain and epoch, DL4J's RmsProp).
 *
 * <p>For each {@code K} one finite-data run holds one dimension per scaled step {@code a = lr h/sigma}
 * ({@code lr = 1}, {@code sigma^2 = 1} the with-replacement batch variance, so {@code h = a}); the i.i.d. variances
 * come from {@link ScaledRmsPropSimulation} at relative SE 0.2%. Two approximations are compared:
 * <ul>
 *   <li><b>A</b> (the listener's today): {@code V_iid(s2) * Resh(eta, s2_wr, K)/Sgd(eta, s2)}, {@code eta} the
 *       mean-field rate at {@code s2} ({@code s2_wr = s2 (n - B)/(n - 1)}, the without-replacement variance);</li>
 *   <li><b>A2</b> (noise-consistent): {@code V_iid(s2_wr) * Resh(eta_wr, s2_wr, K)/Sgd(eta_wr, s2_wr)}: the
 *       i.i.d. RMSProp variance at the noise the updater actually sees, and SGD's shape factor at its rate.
 *       RMSProp's variance scales like {@code sigma}, not {@code sigma^2}, so A's use of SGD's
 *       {@code s2_wr/s2} inside the factor undershoots by about {@code sqrt((n - B)/(n - 1))}.</li>
 * </ul>
 * Usage (sim-core test classpath, as {@code benchmarks/run-rmsprop-table.sh} sets it up):
 * {@code java ... org.sgdobservatory.sim.tools.RmsPropReshufflingStudy [--rho 0.95] [--batch 20] [--chains 512]
 * [--k 2,4,8,20,50] [--a 0.003,0.01,0.03,0.1,0.3,1] [--seed 11]}; prints a Markdown table.
 */
public final class RmsPropReshufflingStudy {

    private RmsPropReshufflingStudy() {
    }

    /** Runs the study; see the class comment. */
    public static void main(String[] args) {
        double rho = 0.95;
        int batch = 20;
        int chains = 512;
        int[] ks = {2, 4, 8, 20, 50};
        double[] as = {0.003, 0.01, 0.03, 0.1, 0.3, 1};
        long seed = 11;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--rho" -> rho = Double.parseDouble(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--chains" -> chains = Integer.parseInt(args[i + 1]);
                case "--k" -> ks = java.util.Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--a" -> as = java.util.Arrays.stream(args[i + 1].split(",")).mapToDouble(Double::parseDouble).toArray();
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        double eps = 1e-8;
        System.out.printf(Locale.ROOT, "rho = %s, epsilon = %s, B = %d, chains = %d, seed = %d%n%n", rho, eps, batch,
                chains, seed);
        System.out.println("| K | a = lr h/sigma | E K | finite-data sim (rel SE) | i.i.d. (rel SE) | factor A |"
                + " sim / A | sim / A2 |");
        System.out.println("|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (int k : ks) {
            int n = k * batch;
            double s2 = 1;
            double s2wr = ReshufflingQuadratic1D.withoutReplacementBatchVariance(s2 * batch, n, batch);
            double[] h = as.clone();
            double[] s2s = new double[as.length];
            java.util.Arrays.fill(s2s, s2);
            QuadraticLandscape landscape = QuadraticLandscape.diagonal(h);
            PerExampleNoiseDataset data = PerExampleNoiseDataset.gaussian(landscape, n, batch, s2s, seed + k);
            double aMin = java.util.Arrays.stream(as).min().orElseThrow();
            int steps = (int) Math.max(400L * k, Math.ceil(60 / aMin));
            int burnIn = (int) Math.ceil(10 / aMin + 20 / (1 - rho)) + 2 * k;
            long t0 = System.nanoTime();
            SimulationResult result = Simulation.builder()
                    .gradient(MinibatchGradient.of(data, batch, DataOrder.RESHUFFLE))
                    .updater(new RmsProp(1.0, rho, eps))
                    .chains(chains).burnIn(burnIn).steps(steps).seed(seed * 31 + k).build().run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            // i.i.d. references at s2 and s2_wr (sigma = 1 and sqrt(s2_wr)), scaled units
            double[] aIid = new double[2 * as.length];
            double[] eIid = new double[2 * as.length];
            for (int d = 0; d < as.length; d++) {
                aIid[d] = RmsPropScaling.scaledStep(1, h[d], s2);
                eIid[d] = RmsPropScaling.scaledEpsilon(eps, s2);
                aIid[as.length + d] = RmsPropScaling.scaledStep(1, h[d], s2wr);
                eIid[as.length + d] = RmsPropScaling.scaledEpsilon(eps, s2wr);
            }
            List<Estimate> iid = ScaledRmsPropSimulation.toPrecision(rho, aIid, eIid, 1024, 0.002, 0.003, 20_000_000L,
                    seed * 97 + k).scaledVariances();
            List<String> rows = new ArrayList<>();
            for (int d = 0; d < as.length; d++) {
                Estimate sim = result.variance(d);
                double vIid = s2 / (h[d] * h[d]) * iid.get(d).value();
                double vIidWr = s2wr / (h[d] * h[d]) * iid.get(as.length + d).value();
                double rate = RmsPropMeanField.of(1, h[d], s2).withEpsilon(eps).meanFieldLearningRate();
                double rateWr = RmsPropMeanField.of(1, h[d], s2wr).withEpsilon(eps).meanFieldLearningRate();
                double factorA = ReshufflingQuadratic1D.of(rate, h[d], s2wr, k).stationarySpread()
                        / SgdQuadratic1D.of(rate, h[d], s2).stationaryVariance();
                double factorA2 = ReshufflingQuadratic1D.of(rateWr, h[d], s2wr, k).ratioToIid();
                double approxA = vIid * factorA;
                double approxA2 = vIidWr * factorA2;
                double relSe = Math.hypot(sim.relativeStandardError(), iid.get(d).relativeStandardError());
                rows.add(String.format(Locale.ROOT, "| %d | %s | %.3g | %.4g (%.2f%%) | %.4g (%.2f%%) | %.4f | %.4f +- %.4f |"
                        + " %.4f +- %.4f |", k, as[d], rate * h[d] * k, sim.value(), 100 * sim.relativeStandardError(),
                        vIid, 100 * iid.get(d).relativeStandardError(), factorA, sim.value() / approxA,
                        sim.value() / approxA * relSe, sim.value() / approxA2, sim.value() / approxA2 * relSe));
            }
            rows.forEach(System.out::println);
            System.err.printf(Locale.ROOT, "K = %d: finite-data run %d chains x %d steps (+%d burn-in) in %.1f s%n", k,
                    chains, steps, burnIn, seconds);
        }
    }
}
