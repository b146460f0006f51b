package org.sgdobservatory.listener.probe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.ObservatoryConfig.Probe;
import org.sgdobservatory.listener.ObservatoryConfig;
import org.sgdobservatory.listener.SeedStream;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.report.Findings;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.sgdobservatory.report.model.CurvatureMethod;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ProbeReport;

/**
 * The probe stage: on an independent double-precision copy of the network, with the tracked parameters at their
 * window means, measures each tracked parameter's gradient noise {@code sigma^2_B} (minibatch gradients at fixed
 * parameters and per-example gradients) and curvature (the Hessian diagonal), with their standard errors
 * ({@code docs/estimators.md#the-probes}). The data are the reservoir's training minibatches, or the user's probe data.
 * Skipped, with a finding, when the network has several inputs or outputs or there are not two minibatches, and
 * given up, with the same finding, when the copy's passes fail (the report keeps what was observed). Stateless.
 */
public final class ProbeStage {

    private ProbeStage() {
    }

    /**
     * What the probe stage needs.
     *
     * @param config the listener's configuration
     * @param adapter the training network (read only; the probes copy it)
     * @param flatIndices flattened indices of the tracked parameters
     * @param windowMeans the tracked parameters' window means, in tracked order
     * @param reservoir the kept training minibatches
     * @param miniBatchSize the training minibatch size
     * @param dl4jIteration DL4J's iteration (for regularisation schedules)
     * @param epoch DL4J's epoch
     * @param epochExamples examples per data epoch, 0 when unknown
     * @param directions the eigen-directions whose noise is to be measured on the probe copy, if any: where the
     *     copy's exact derivatives apply, that starts on other threads as soon as the copy exists
     *     ({@link DirectionNoiseProbe#startExact})
     */
    public record Input(ObservatoryConfig config, NetworkAdapter adapter, long[] flatIndices, double[] windowMeans,
                        List<MiniBatch> reservoir, int miniBatchSize, int dl4jIteration, int epoch,
                        long epochExamples, Optional<DirectionBasis> directions) {
    }

    /** Runs the probes the configuration asks for; findings say what ran and what was skipped. */
    public static ProbeMeasurements run(Input in, Findings findings) {
        int p = in.flatIndices().length;
        ObservatoryConfig.Probing cfg = in.config().probing();
        if (cfg.probes().isEmpty()) {
            return ProbeMeasurements.none(p);
        }
        if (!in.adapter().singleInputSingleOutput()) {
            findings.add(FindingCode.PROBES_SKIPPED, "probes need a network with one input and one output array;"
                    + " this ComputationGraph has " + in.adapter().inputsAndOutputs() + "; the parameters are"
                    + " observed, nothing is predicted");
            return ProbeMeasurements.none(p);
        }
        if (cfg.probeData().isEmpty() && in.reservoir().size() < 2) {
            findings.add(FindingCode.PROBES_SKIPPED, "fewer than 2 training minibatches were kept for probes; give"
                    + " probeData(...) or a larger reservoir");
            return ProbeMeasurements.none(p);
        }
        GradientProbes probes = new GradientProbes(in.adapter(), in.dl4jIteration(), in.epoch(), GradientEngine.AUTO,
                ProbeThreads.of(cfg.threads()));
        INDArray theta = in.adapter().params().castTo(DataType.DOUBLE).dup().reshape(in.adapter().numParams());
        for (int i = 0; i < p; i++) {
            theta.putScalar(in.flatIndices()[i], in.windowMeans()[i]);
        }
        List<MiniBatch> batches;
        MiniBatch examples;
        if (cfg.probeData().isPresent()) {
            DataSet data = cfg.probeData().get();
            examples = new MiniBatch(data.getFeatures(), data.getLabels());
            batches = sampleBatches(examples, Math.max(2, cfg.reservoirBatches()), Math.max(1, in.miniBatchSize()),
                    SeedStream.PROBE_MINIBATCHES.seed(in.config().seed()));
        } else {
            batches = MiniBatch.sameShape(in.reservoir(), in.miniBatchSize());
            if (batches.size() < 2) {
                findings.add(FindingCode.PROBES_SKIPPED, "the kept training minibatches do not have one common shape"
                        + " (fewer than 2 of " + in.reservoir().size() + " share the shape of a minibatch of B = "
                        + in.miniBatchSize() + ", e.g. sequences of varying length): the parameters are observed,"
                        + " nothing is predicted; give probeData(...) of one shape");
                return ProbeMeasurements.none(p);
            }
            if (batches.size() < in.reservoir().size()) {
                findings.add(FindingCode.RESERVOIR_LIMITED, "the probes use " + batches.size() + " of the "
                        + in.reservoir().size() + " kept training minibatches: the others have another shape (fewer"
                        + " examples than B = " + in.miniBatchSize() + ", e.g. an epoch's last minibatch, or another"
                        + " sequence length)");
            }
            examples = MiniBatch.concat(batches);
        }
        ProbeCopy copy = new ProbeCopy(probes, theta, examples, batches);
        Optional<DirectionNoiseProbe.Pending> directionNoise = startDirections(in, copy);
        boolean measured = false;
        try {
            ProbeMeasurements out = measure(in, copy, findings, directionNoise);
            measured = true;
            return out;
        } catch (RuntimeException e) {
            findings.add(FindingCode.PROBES_SKIPPED, "the probes failed on the double-precision copy (" + e.getMessage()
                    + "); the parameters are observed, nothing is predicted. One known cause: DL4J's RReLU draws its"
                    + " random slopes in ND4J's default type, so it cannot run a training-mode pass in DOUBLE");
            return ProbeMeasurements.none(p);
        } finally {
            // whatever ended the probes early, the directions' threads stop before the copy is given up
            if (!measured) {
                directionNoise.ifPresent(DirectionNoiseProbe.Pending::abandon);
            }
        }
    }

    /**
     * The noise along the directions started beside the probes ({@link DirectionNoiseProbe#startExact}), when it can
     * be; empty also when starting fails, so that the probes still run and the directions are measured after them,
     * where a failure is reported as the directions' own.
     */
    private static Optional<DirectionNoiseProbe.Pending> startDirections(Input in, ProbeCopy copy) {
        try {
            return in.directions().flatMap(basis -> DirectionNoiseProbe.startExact(copy, basis,
                    Math.max(1, in.miniBatchSize())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static ProbeMeasurements measure(Input in, ProbeCopy copy, Findings findings,
                                             Optional<DirectionNoiseProbe.Pending> directionNoise) {
        GradientProbes probes = copy.probes();
        INDArray theta = copy.theta();
        List<MiniBatch> batches = copy.batches();
        MiniBatch examples = copy.examples();
        ObservatoryConfig.Probing cfg = in.config().probing();
        int p = in.flatIndices().length;
        boolean noiseProbe = cfg.probes().contains(Probe.GRADIENT_NOISE) || cfg.probes().contains(Probe.PER_EXAMPLE_NOISE);
        boolean hessianProbe = cfg.probes().contains(Probe.HESSIAN_DIAGONAL);
        int perExample = cfg.probes().contains(Probe.PER_EXAMPLE_NOISE) ? cfg.perExampleGradients() : 0;
        long vectorSeed = SeedStream.PROBE_VECTORS.seed(in.config().seed());
        double[][] curvature = null;
        NoiseProbeResult noise = null;
        CurvatureMethod method = hessianProbe ? probes.curvatureMethod(examples) : CurvatureMethod.NONE;
        if (noiseProbe && hessianProbe) {
            // one call, so that a dense network's probes share their passes over the reservoir
            NoiseAndCurvature both = probes.noiseAndCurvature(theta, batches, examples, perExample, in.flatIndices(),
                    cfg.hutchinsonProbes(), cfg.finiteDifferenceStep(), vectorSeed);
            noise = both.noise();
            curvature = both.hessianDiagonal();
        } else if (noiseProbe) {
            noise = probes.gradientNoise(theta, batches, examples, perExample, in.flatIndices());
        } else if (hessianProbe) {
            curvature = probes.hessianDiagonal(theta, examples, cfg.hutchinsonProbes(), cfg.finiteDifferenceStep(),
                    vectorSeed, in.flatIndices());
        }
        double[] h = ProbeMeasurements.nan(p);
        double[] hSe = ProbeMeasurements.nan(p);
        double[] s2 = ProbeMeasurements.nan(p);
        double[] s2Se = ProbeMeasurements.nan(p);
        double[] kurtosis = ProbeMeasurements.nan(p);
        double[] tail = ProbeMeasurements.nan(p);
        for (int i = 0; i < p; i++) {
            if (curvature != null) {
                h[i] = curvature[i][0];
                hSe[i] = curvature[i][1];
            }
            if (noise != null) {
                s2[i] = noise.noiseVariance(i);
                s2Se[i] = noise.noiseVarianceStandardError(i);
                kurtosis[i] = noise.noiseExcessKurtosis(i);
                tail[i] = noise.tailIndex(i);
            }
        }
        Optional<ProbeReport.NoiseScaling> scaling = noise == null ? Optional.empty() : scaling(noise);
        if (hessianProbe) {
            findings.add(FindingCode.CURVATURE_METHOD, curvatureMethod(method, examples.size(), cfg.hutchinsonProbes()));
        }
        ProbeReport report = new ProbeReport(method, batches.size(), examples.size(), distinctRows(examples.features()),
                in.epochExamples(), noise == null ? 0 : noise.examples(), scaling);
        return new ProbeMeasurements(h, hSe, s2, s2Se, kurtosis, tail, report, Optional.of(copy), directionNoise);
    }

    /** How the curvature was measured, in words, with its error. */
    private static String curvatureMethod(CurvatureMethod method, int examples, int hutchinsonProbes) {
        return switch (method) {
            case EXACT_GAUSS_NEWTON -> "curvature: the exact Hessian diagonal on " + examples + " probe"
                    + " examples (dense layers with piecewise-linear hidden activations: Hessian = Gauss-Newton"
                    + " matrix), with its sampling error over the probe examples";
            case SAMPLED_GAUSS_NEWTON -> "curvature: the Gauss-Newton diagonal (the Hessian's for this network)"
                    + " estimated with labels sampled from the model on " + Math.min(examples,
                    HessianDiagonal.SAMPLED_EXAMPLES) + " probe examples, " + SampledGaussNewtonDiagonal.EXAMPLES_PER_PASS
                    + " per backward pass; unbiased, with its standard error";
            default -> "curvature: Hutchinson's estimate with " + hutchinsonProbes + " Rademacher probes"
                    + " on " + examples + " probe examples (a last resort: the network's Hessian is not"
                    + " its Gauss-Newton matrix; noisy per parameter, its standard error, reported with each"
                    + " curvature, is of the order of |h| at 32 probes)";
        };
    }

    /** The 1/B check: the median over tracked parameters of the minibatch variance over the per-example one / B. */
    private static Optional<ProbeReport.NoiseScaling> scaling(NoiseProbeResult r) {
        if (!(r.examples() >= 2 && r.minibatches() >= 2)) {
            return Optional.empty();
        }
        double[] ratios = new double[r.size()];
        for (int i = 0; i < r.size(); i++) {
            ratios[i] = r.minibatchVariance(i) / (r.perExampleVariance(i) / r.miniBatchSize());
        }
        return Optional.of(new ProbeReport.NoiseScaling(r.miniBatchSize(),
                org.sgdobservatory.sim.stats.Median.of(ratios), Math.sqrt(2.0 / (r.minibatches() - 1))));
    }

    /** K minibatches of B examples drawn with replacement from {@code all} (user probe data). */
    private static List<MiniBatch> sampleBatches(MiniBatch all, int k, int b, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<MiniBatch> out = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            int[] idx = new int[b];
            for (int i = 0; i < b; i++) {
                idx[i] = rnd.nextInt(all.size());
            }
            out.add(new MiniBatch(Nd4j.pullRows(all.features(), 1, idx), Nd4j.pullRows(all.labels(), 1, idx)));
        }
        return out;
    }

    /**
     * Distinct examples among the rows of {@code features}, told apart by a fixed random projection of each row
     * (one matrix-vector product; two different rows collide with probability about 0).
     */
    static int distinctRows(INDArray features) {
        long rows = features.size(0);
        INDArray flat = features.reshape(rows, features.length() / rows);
        SplittableRandom rnd = new SplittableRandom(0x5EED);
        double[] w = new double[(int) flat.columns()];
        for (int j = 0; j < w.length; j++) {
            w[j] = rnd.nextGaussian();
        }
        double[] fp = flat.mmul(Nd4j.createFromArray(w).reshape(w.length, 1)).toDoubleVector();
        Set<Long> seen = new HashSet<>();
        for (double v : fp) {
            seen.add(Double.doubleToLongBits(v));
        }
        return seen.size();
    }
}
