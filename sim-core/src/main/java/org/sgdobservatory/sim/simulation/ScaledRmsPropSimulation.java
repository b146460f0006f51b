package org.sgdobservatory.sim.simulation;

import java.util.ArrayList;
import java.util.List;
import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.QuadraticLandscape;
import org.sgdobservatory.sim.noise.GaussianNoise;
import org.sgdobservatory.sim.optim.RmsProp;
import org.sgdobservatory.sim.stats.Estimate;
import org.sgdobservatory.sim.theory.RmsPropScaling;

/**
 * Simulates the scaled 1-D RMSProp chain of {@link RmsPropScaling} at given points {@code (a, e)} and one
 * {@code rho}, with {@link Simulation} (the fused RMSProp step), and returns the scaled stationary variances
 * {@code f = Var(y)}: the producer of the nodes of {@code RmsPropStationaryTable} and the reference its tests
 * compare with.
 *
 * <p><b>Realisation.</b> One run holds one dimension per point, all with learning rate 1 and epsilon 1 (the
 * updater is shared): dimension {@code d} gets noise {@code sigma_d = 1/e_d} ({@code 10^10}, i.e.
 * {@code e = 10^-10}, for {@code e = 0}, since DL4J's epsilon must be positive) and curvature
 * {@code h_d = a_d sigma_d}; then {@code lr h_d/sigma_d = a_d}, {@code epsilon/sigma_d = e_d}, and
 * {@code f_d = Var(x_d) h_d^2/sigma_d^2 = a_d^2 Var(x_d)}. Dimensions are independent (separate normals).
 * Chains start at {@code x = 0} with {@code v = epsilon}; the burn-in is {@code ceil(10/E) + ceil(20/(1 - rho))}
 * steps with {@code E = 2F/(1 + F)} the smallest mean-field {@code eta h} of the run (relaxation of {@code y} and
 * of {@code v}), plus {@code ceil(10/(2 - E))} when a point is epsilon-dominated ({@code p < 1/2}) with
 * {@code E > 1} (SGD-like oscillation near its stability edge), at most {@value #MAX_BURN_IN}.
 *
 * <p><b>Standard errors.</b> Each variance's standard error is the spread of its value over the
 * {@link Simulation}'s independent groups of chains (32 groups at 1024 chains), so the autocorrelation of the
 * samples needs no model; with 32 groups the standard error itself is known to about
 * {@code 1/sqrt(2 * 31)} = 13%. {@link #toPrecision} runs rounds with fresh seeds until every point's relative
 * standard error is at most {@code accept}, and pools the rounds with weights proportional to their recorded
 * chain-steps ({@code V = sum n_r V_r / sum n_r}, {@code SE = sqrt(sum n_r^2 SE_r^2)/sum n_r}), never weighting
 * by the estimated errors (that would favour the rounds that happened to come out low). The first round's length
 * is planned for {@code target} from SGD's integrated autocorrelation time of {@code y^2} at the mean-field rate,
 * {@code (1 + r^2)/(1 - r^2)}, {@code r = 1 - E} (at most 20 when {@code E > 1}), the next ones from the measured
 * errors.
 *
 * <p>Static functions only; thread-safe (each run has its own state).
 */
public final class ScaledRmsPropSimulation {

    /** The longest burn-in, in steps. */
    public static final int MAX_BURN_IN = 200_000;

    private static final double ZERO_EPSILON = 1e-10;

    /**
     * The pooled result of {@link #toPrecision}.
     *
     * @param scaledVariances {@code f} per point, with the standard error from the chain groups
     * @param recordedStepsPerChain recorded steps per chain per point, summed over the rounds that ran it
     * @param rounds the number of rounds
     * @param converged per point, whether its relative standard error reached {@code accept}
     */
    public record Result(List<Estimate> scaledVariances, List<Long> recordedStepsPerChain, int rounds,
            List<Boolean> converged) {

        /** Copies the lists. */
        public Result {
            scaledVariances = List.copyOf(scaledVariances);
            recordedStepsPerChain = List.copyOf(recordedStepsPerChain);
            converged = List.copyOf(converged);
        }
    }

    private ScaledRmsPropSimulation() {
    }

    /**
     * One run.
     *
     * @param rmsDecay {@code rho} in {@code (0, 1)}
     * @param scaledSteps {@code a_d > 0}
     * @param scaledEpsilons {@code e_d >= 0}, as many as {@code scaledSteps}
     * @param chains chains, {@code >= 2} (a multiple of 32 gives 32 groups)
     * @param burnIn steps before recording
     * @param steps recorded steps
     * @param seed the run's seed
     * @return {@code f_d} with standard errors
     */
    public static Estimate[] run(double rmsDecay, double[] scaledSteps, double[] scaledEpsilons, int chains,
            int burnIn, int steps, long seed) {
        checkPoints(scaledSteps, scaledEpsilons);
        int dims = scaledSteps.length;
        double[] curvature = new double[dims];
        double[] noiseVariance = new double[dims];
        for (int d = 0; d < dims; d++) {
            double sigma = 1 / Math.max(scaledEpsilons[d], ZERO_EPSILON);
            curvature[d] = scaledSteps[d] * sigma;
            noiseVariance[d] = sigma * sigma;
        }
        SimulationResult result = Simulation.builder()
                .gradient(NoisyGradient.of(QuadraticLandscape.diagonal(curvature), GaussianNoise.diagonal(noiseVariance)))
                .updater(new RmsProp(1.0, rmsDecay, 1.0))
                .chains(chains).burnIn(burnIn).steps(steps).seed(seed).build().run();
        List<Estimate> variances = result.varianceEstimates();
        Estimate[] out = new Estimate[dims];
        for (int d = 0; d < dims; d++) {
            Estimate v = variances.get(d);
            double scale = scaledSteps[d] * scaledSteps[d];
            out[d] = new Estimate(v.value() * scale, v.standardError() * scale, v.effectiveSampleSize());
        }
        return out;
    }

    /**
     * Runs rounds until every point's relative standard error is at most {@code accept} or a point has used
     * {@code maxStepsPerChain} recorded steps (class comment).
     *
     * @param rmsDecay {@code rho} in {@code (0, 1)}
     * @param scaledSteps {@code a_d > 0}
     * @param scaledEpsilons {@code e_d >= 0}
     * @param chains chains per run
     * @param target the relative standard error the rounds are planned for, {@code > 0}
     * @param accept the largest accepted relative standard error, {@code >= target}
     * @param maxStepsPerChain the most recorded steps per chain for one point over all rounds
     * @param seed the seed of the first round; round {@code r} uses a seed mixed from it and {@code r}
     * @return the pooled variances
     */
    public static Result toPrecision(double rmsDecay, double[] scaledSteps, double[] scaledEpsilons, int chains,
            double target, double accept, long maxStepsPerChain, long seed) {
        checkPoints(scaledSteps, scaledEpsilons);
        if (!(target > 0 && accept >= target && maxStepsPerChain >= 1)) {
            throw new IllegalArgumentException("need 0 < target <= accept and maxStepsPerChain >= 1, were "
                    + target + ", " + accept + ", " + maxStepsPerChain + "; e.g. 0.002, 0.003, 10^7");
        }
        int dims = scaledSteps.length;
        double[] sumN = new double[dims];
        double[] sumNV = new double[dims];
        double[] sumN2Se2 = new double[dims];
        double[] ess = new double[dims];
        long[] used = new long[dims];
        boolean[] done = new boolean[dims];
        long steps = Math.max(2000, (long) Math.ceil(2 * plannedTime(scaledSteps, scaledEpsilons)
                / (target * target * chains)));
        int rounds = 0;
        while (true) {
            List<Integer> todo = new ArrayList<>();
            for (int d = 0; d < dims; d++) {
                if (!done[d] && used[d] < maxStepsPerChain) {
                    todo.add(d);
                }
            }
            if (todo.isEmpty()) {
                break;
            }
            double[] a = todo.stream().mapToDouble(d -> scaledSteps[d]).toArray();
            double[] e = todo.stream().mapToDouble(d -> scaledEpsilons[d]).toArray();
            long remaining = todo.stream().mapToLong(d -> maxStepsPerChain - used[d]).max().orElseThrow();
            int runSteps = (int) Math.min(Integer.MAX_VALUE - MAX_BURN_IN, Math.min(steps, remaining));
            Estimate[] round = run(rmsDecay, a, e, chains, burnIn(rmsDecay, a, e), runSteps, mix(seed, rounds));
            rounds++;
            double needed = 0;
            for (int t = 0; t < todo.size(); t++) {
                int d = todo.get(t);
                double n = (double) runSteps * chains;
                sumN[d] += n;
                sumNV[d] += n * round[t].value();
                sumN2Se2[d] += n * n * round[t].standardError() * round[t].standardError();
                ess[d] += round[t].effectiveSampleSize();
                used[d] += runSteps;
                double rel = Math.sqrt(sumN2Se2[d]) / sumNV[d];
                done[d] = rel <= accept;
                if (!done[d]) {
                    needed = Math.max(needed, used[d] * ((rel / target) * (rel / target) - 1));
                }
            }
            steps = Math.max(2000, (long) Math.ceil(1.1 * needed));
        }
        List<Estimate> variances = new ArrayList<>();
        List<Long> recorded = new ArrayList<>();
        List<Boolean> converged = new ArrayList<>();
        for (int d = 0; d < dims; d++) {
            variances.add(new Estimate(sumNV[d] / sumN[d], Math.sqrt(sumN2Se2[d]) / sumN[d], ess[d]));
            recorded.add(used[d]);
            converged.add(done[d]);
        }
        return new Result(variances, recorded, rounds, converged);
    }

    /** The burn-in rule of the class comment. */
    public static int burnIn(double rmsDecay, double[] scaledSteps, double[] scaledEpsilons) {
        double smallest = 2;
        double edge = 0;
        for (int d = 0; d < scaledSteps.length; d++) {
            double f = RmsPropScaling.meanFieldScaledVariance(scaledSteps[d], scaledEpsilons[d]);
            double rate = 2 * f / (1 + f);
            smallest = Math.min(smallest, rate);
            if (rate > 1 && RmsPropScaling.rootShare(f, scaledEpsilons[d]) < 0.5) {
                edge = Math.max(edge, Math.ceil(10 / (2 - rate)));
            }
        }
        double steps = Math.ceil(10 / smallest) + Math.ceil(20 / (1 - rmsDecay)) + edge;
        return (int) Math.min(MAX_BURN_IN, steps);
    }

    /** The largest planned integrated autocorrelation time of {@code y^2} over the points (class comment). */
    private static double plannedTime(double[] scaledSteps, double[] scaledEpsilons) {
        double tau = 1;
        for (int d = 0; d < scaledSteps.length; d++) {
            double f = RmsPropScaling.meanFieldScaledVariance(scaledSteps[d], scaledEpsilons[d]);
            double r = 1 - 2 * f / (1 + f);
            double t = (1 + r * r) / (1 - r * r);
            tau = Math.max(tau, r < 0 ? Math.min(t, 20) : t);
        }
        return tau;
    }

    /** SplitMix64's finaliser of {@code seed + (round + 1) * golden}: distinct, well-spread round seeds. */
    private static long mix(long seed, int round) {
        long z = seed + (round + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void checkPoints(double[] scaledSteps, double[] scaledEpsilons) {
        if (scaledSteps.length == 0 || scaledSteps.length != scaledEpsilons.length) {
            throw new IllegalArgumentException("need as many scaledEpsilons as scaledSteps, at least one, were "
                    + scaledSteps.length + " and " + scaledEpsilons.length + "; pass one (a, e) per point");
        }
        for (int d = 0; d < scaledSteps.length; d++) {
            if (!(scaledSteps[d] > 0 && scaledSteps[d] < Double.POSITIVE_INFINITY
                    && scaledEpsilons[d] >= 0 && scaledEpsilons[d] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("point " + d + ": a = " + scaledSteps[d] + ", e = "
                        + scaledEpsilons[d] + "; need finite a > 0 and e >= 0 (a = lr h/sigma, e = eps/sigma)");
            }
        }
    }
}
