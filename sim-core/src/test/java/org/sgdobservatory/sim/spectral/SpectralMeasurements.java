package org.sgdobservatory.sim.spectral;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.sgdobservatory.sim.gradient.LeastSquaresDataset;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.RmsProp;
import org.sgdobservatory.sim.simulation.Simulation;
import org.sgdobservatory.sim.simulation.SimulationResult;
import org.sgdobservatory.sim.simulation.Statistic;
import org.sgdobservatory.sim.stats.Estimate;

/**
 * The measurements behind {@code sim-core/SPECTRAL.md}, printed as tables; not assertions. Skipped
 * unless run with {@code -Dspectral.measure=true}:
 * <pre>
 *   mvn -B -pl sim-core test -Dtest=SpectralMeasurements -Dspectral.measure=true \
 *       -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "spectral.measure", matches = "true")
class SpectralMeasurements {

    private static long peakHeapAfterReset(Runnable run) {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        run.run();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    @Test
    void lanczosCost() {
        // Warm-up (JIT) on a small operator, not reported.
        Lanczos.builder().eigenpairs(16).seed(1).build().solve(new PlantedSpectrum(20_000, spikes(0.1), 100, 9));
        System.out.println("| spectrum | n | k | m | matvecs (iter + residual) | restarts | wall s | basis MB "
                + "| peak heap MB | max rel. error |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (double step : new double[] {0.1, 0.01}) {
            for (int n : new int[] {2_500, 100_000, 2_000_000}) {
                double[] s = spikes(step);
                PlantedSpectrum operator = new PlantedSpectrum(n, s, Math.min(1000, n / s.length), 3);
                System.gc();
                LanczosResult[] holder = new LanczosResult[1];
                long[] nanos = new long[1];
                long peak = peakHeapAfterReset(() -> {
                    long t0 = System.nanoTime();
                    holder[0] = Lanczos.builder().eigenpairs(16).seed(5).build().solve(operator);
                    nanos[0] = System.nanoTime() - t0;
                });
                LanczosResult r = holder[0];
                double error = 0;
                for (int i = 0; i < r.size(); i++) {
                    double exact = s[s.length - 1 - i];
                    error = Math.max(error, Math.abs(r.pairs().get(i).eigenvalue() - exact) / exact);
                }
                System.out.printf(Locale.ROOT,
                        "| spikes 1 + %s j | %d | 16 | %d | %d (%d + %d) | %d | %.2f | %.0f | %.0f | %.1e |%n",
                        step, n, r.basisVectors(), r.matrixVectorProducts(),
                        r.matrixVectorProducts() - r.residualProducts(), r.residualProducts(), r.restarts(),
                        nanos[0] / 1e9, r.bytes() / 1e6, peak / 1e6, error);
            }
        }
    }

    /**
     * Random reshuffling per direction on the least-squares fixture of {@link ReshufflingDirectionsTest},
     * 2000 chains: the additive noise alone against the genuine least-squares data, and the first-order
     * estimate of the state-dependent noise ({@link CorrelatedRegression#stateDependentNoiseVariance}),
     * which is not cancelled over an epoch and so adds its i.i.d. spread.
     */
    @Test
    void reshufflingStateDependentNoise() {
        ReshufflingDirectionsTest.fixture();
        int d = ReshufflingDirectionsTest.eigenvalues.length;
        double eta = 0.02;
        int k = 20;
        double[] reshuffled = ReshufflingDirectionsTest.predictions(
                DirectionalTheory.reshuffled(new DirectionalOptimizer.Sgd(eta), k));
        double[] iid = ReshufflingDirectionsTest.predictions(DirectionalTheory.iid(new DirectionalOptimizer.Sgd(eta)));
        double[][] v = ReshufflingDirectionsTest.eigenvectors;
        SimulationResult additive = ReshufflingDirectionsTest.reshuffled(ReshufflingDirectionsTest.additive(v),
                2_000, 30, 100);
        SimulationResult genuine = ReshufflingDirectionsTest.reshuffled(
                ReshufflingDirectionsTest.regression.rotated(v), 2_000, 30, 100);
        double[] m = ReshufflingDirectionsTest.regression.stateDependentNoiseVariance(v, reshuffled, 20);  // B = 20
        DirectionalTheory iidTheory = DirectionalTheory.iid(new DirectionalOptimizer.Sgd(eta));
        System.out.println("| direction | l_k | eta l_k K | reshuffled / i.i.d. prediction "
                + "| additive noise: simulated / predicted | least squares: simulated / predicted | first-order estimate 1 + dVar/Var |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int j = 0; j < d; j++) {
            double l = ReshufflingDirectionsTest.eigenvalues[j];
            Estimate a = additive.variance(j).dividedBy(Estimate.exact(reshuffled[j]));
            Estimate g = genuine.variance(j).dividedBy(Estimate.exact(reshuffled[j]));
            double extra = iidTheory.predict(l, Estimate.exact(m[j])).stationaryVariance().orElseThrow().value();
            System.out.printf(Locale.ROOT, "| %d | %.3f | %.2f | %.3f | %.4f +- %.4f | %.4f +- %.4f | %.3f |%n",
                    j + 1, l,
                    eta * l * k, reshuffled[j] / iid[j], a.value(), a.standardError(), g.value(), g.standardError(),
                    1 + extra / reshuffled[j]);
        }
    }

    /** 16 spikes {@code 1 + step j}, j = 1..16, above a bulk in [0, 1). */
    private static double[] spikes(double step) {
        double[] s = new double[16];
        for (int j = 0; j < 16; j++) {
            s[j] = 1 + step * (j + 1);
        }
        return s;
    }

    /**
     * RMSProp with its state frozen: simulate Deeplearning4j's RmsProp on the quadratic of
     * {@link DirectionalExactnessTest} with additive Gaussian noise of the same covariance (so the frozen
     * preconditioner is the only approximation), take {@code P_i = 1/(sqrt(E[G_i]) + eps)} with
     * {@code E[G_i] = E[g_i^2] = Sigma_ii + (H S H)_ii} from the simulated covariance {@code S}, and compare
     * the simulated variance along each whitened eigendirection with the frozen-P prediction. Four
     * independent seeds give the standard error of each ratio.
     */
    @Test
    void rmsPropFrozenPreconditionerError() {
        LeastSquaresDataset data = new CorrelatedRegression(300, 6, 13).data();
        double[][] h = CorrelatedRegression.hessian(data);
        double[][] sigma = CorrelatedRegression.batchCovariance(data, 10, 1.0);
        int d = h.length;
        System.out.println("| rho | lr | eta*l_max "
                + "| simulated / frozen-P prediction, directions 1..6 (+- SE over 4 seeds) |");
        System.out.println("|---|---|---|---|");
        for (double rho : new double[] {0.9, 0.95, 0.99}) {
            for (double lr : new double[] {0.003, 0.03, 0.15}) {
                int seeds = 4;
                double[][] ratios = new double[seeds][];
                double etaMax = 0;
                for (int seed = 0; seed < seeds; seed++) {
                    SimulationResult r = Simulation.builder()
                            .gradient(NoisyGradient.of(QuadraticLandscape.full(h), GaussianNoise.covariance(sigma)))
                            .updater(new RmsProp(lr, rho, 1e-8))
                            .chains(2_000).burnIn(3_000).steps(6_000).seed(100 + seed)
                            .collect(Statistic.COVARIANCE).build().run();
                    double[][] s = r.covariance().orElseThrow();
                    double[] g = new double[d];
                    for (int i = 0; i < d; i++) {
                        double hsh = 0;
                        for (int a = 0; a < d; a++) {
                            for (int b = 0; b < d; b++) {
                                hsh += h[i][a] * s[a][b] * h[b][i];
                            }
                        }
                        g[i] = sigma[i][i] + hsh;
                    }
                    Preconditioning p = Preconditioning.rmsProp(g, 1e-8);
                    LanczosResult e = Lanczos.builder().eigenpairs(d).seed(1).build()
                            .solve(p.whiten(new DenseOperator(h)));
                    DirectionalTheory theory = DirectionalTheory.iid(new DirectionalOptimizer.PreconditionedSgd(lr));
                    ratios[seed] = new double[d];
                    etaMax = lr * e.pairs().get(0).eigenvalue();
                    for (int k = 0; k < d; k++) {
                        double[] w = e.eigenvector(k);
                        double[] probe = p.parameterProbe(w);
                        double[] noise = p.noiseProbe(w);
                        double c = CorrelatedRegression.quadratic(noise, sigma, noise);
                        double predicted = theory.predict(e.pairs().get(k).eigenvalue(), Estimate.exact(c))
                                .stationaryVariance().orElseThrow().value();
                        ratios[seed][k] = CorrelatedRegression.quadratic(probe, s, probe) / predicted;
                    }
                }
                StringBuilder row = new StringBuilder();
                for (int k = 0; k < d; k++) {
                    double mean = 0;
                    for (double[] rr : ratios) {
                        mean += rr[k] / seeds;
                    }
                    double var = 0;
                    for (double[] rr : ratios) {
                        var += (rr[k] - mean) * (rr[k] - mean) / (seeds - 1);
                    }
                    row.append(String.format(Locale.ROOT, "%.3f+-%.3f ", mean, Math.sqrt(var / seeds)));
                }
                System.out.printf(Locale.ROOT, "| %.2f | %s | %.2f | %s|%n", rho, lr, etaMax, row);
            }
        }
    }
}
