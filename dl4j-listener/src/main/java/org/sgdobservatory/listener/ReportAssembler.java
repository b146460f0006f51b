package org.sgdobservatory.listener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.listener.ObservatoryConfig.Probe;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.listener.adapter.RegularizationSpec;
import org.sgdobservatory.listener.adapter.UpdaterKind;
import org.sgdobservatory.listener.probe.CurvatureMethod;
import org.sgdobservatory.listener.probe.GradientProbes;
import org.sgdobservatory.listener.probe.MiniBatch;
import org.sgdobservatory.listener.probe.NoiseAndCurvature;
import org.sgdobservatory.listener.probe.NoiseProbeResult;
import org.sgdobservatory.listener.report.BlockPredictionReport;
import org.sgdobservatory.listener.report.CloseUpReport;
import org.sgdobservatory.listener.report.DataOrderReport;
import org.sgdobservatory.listener.report.Finding;
import org.sgdobservatory.listener.report.GroupReport;
import org.sgdobservatory.listener.report.ListenerCost;
import org.sgdobservatory.listener.report.NoiseScalingReport;
import org.sgdobservatory.listener.report.ObservatoryReport;
import org.sgdobservatory.listener.report.ParameterReport;
import org.sgdobservatory.listener.report.Provenance;
import org.sgdobservatory.listener.report.WindowReport;
import org.sgdobservatory.listener.stats.AutocorrelationTime;
import org.sgdobservatory.listener.stats.MultiLevelBatchMeans;
import org.sgdobservatory.listener.stats.BlockMeans;
import org.sgdobservatory.listener.stats.TraceMoments;
import org.sgdobservatory.listener.stats.TraceDiagnostics;
import org.slf4j.Logger;

/**
 * Turns the window's statistics and the probes into an {@link ObservatoryReport}: per-parameter
 * diagnostics, predictions via the {@link StationaryPredictor}, group verdicts and findings.
 * Used once per finalisation; not thread-safe.
 */
final class ReportAssembler {

    /** |Geweke z| above this flags drift: two-sided p = 0.001 under N(0,1). */
    static final double DRIFT_Z = 3.29;

    /** Finding code of a group whose parameters mostly cannot be judged: tau unresolved or ESS too small. */
    static final String WINDOW_TOO_SHORT = "WINDOW_TOO_SHORT";

    /** Facts about the run gathered by the listener. */
    record RunFacts(long startIteration, long lastIteration, String startReason, String endReason, int miniBatchSize,
                    double learningRateMin, double learningRateMax, int dl4jIteration, int epoch, long nanosCallbacks,
                    long nanosProbes, long callbacks, long bytesHeld) {
    }

    private final ObservatoryConfig config;
    private final NetworkAdapter adapter;
    private final TrackedParameters tracked;
    private final TraceMoments moments;
    private final StationaryPredictor predictor;
    private final Optional<DataSet> probeData;
    private final List<MiniBatch> reservoir;
    private final DataOrderReport order;
    private final List<Finding> findings;
    private final DataOrderDetector detector;
    private final CloseUpRecorder closeUps;
    private GradientProbes probes;
    private INDArray probeTheta;
    private MiniBatch probeExamples;

    ReportAssembler(ObservatoryConfig config, NetworkAdapter adapter, TrackedParameters tracked,
                    TraceMoments moments, StationaryPredictor predictor, Optional<DataSet> probeData,
                    List<MiniBatch> reservoir, DataOrderDetector detector, CloseUpRecorder closeUps,
                    List<Finding> listenerFindings) {
        this.config = config;
        this.adapter = adapter;
        this.tracked = tracked;
        this.moments = moments;
        this.predictor = predictor;
        this.probeData = probeData;
        this.reservoir = reservoir;
        this.detector = detector;
        this.order = detector.detect(config.dataOrder());
        this.closeUps = closeUps;
        this.findings = new ArrayList<>(listenerFindings);
    }

    ObservatoryReport assemble(RunFacts run) {
        long t0 = System.nanoTime();
        int p = tracked.size();
        long n = moments.count();
        double[] mean = moments.meanTheta();
        double[] var = moments.varianceTheta();
        double[] fdr = moments.fluctuationDissipationRatio();
        BlockMeans blocks = moments.blockMeans();

        if (n < 2) {
            findings.add(new Finding(Finding.Severity.ERROR, "TOO_FEW_SAMPLES", "only " + n + " samples were"
                    + " observed (window start: " + (run.startIteration() < 0 ? "never reached" : "iteration "
                    + run.startIteration()) + "); start the window earlier or train longer"));
        }
        if (run.learningRateMax() > run.learningRateMin() * (1 + 1e-12)) {
            findings.add(new Finding(Finding.Severity.WARNING, "LEARNING_RATE_CHANGED", "the learning rate changed"
                    + " inside the window (" + run.learningRateMin() + " .. " + run.learningRateMax()
                    + "); predictions use the rate at the end of the window"));
        }
        if (order.used() == DataOrder.UNKNOWN) {
            findings.add(new Finding(Finding.Severity.INFO, "DATA_ORDER_ASSUMED_IID", "the data order could not be"
                    + " determined (" + order.evidence() + "); predictions assume i.i.d. minibatches, which overstates"
                    + " the spread several times if the run reshuffles epochs (THEORY.md 2b); state it with"
                    + " dataOrder(...)"));
        }
        if (order.used() == DataOrder.FIXED_CYCLIC) {
            findings.add(new Finding(Finding.Severity.WARNING, "LIMIT_CYCLE", "the data are visited in a fixed"
                    + " cyclic order (" + order.evidence() + "): parameters settle on a limit cycle of one epoch,"
                    + " not a density; the reported variance (limitCycleSpread) is the spread over the orbit, which is"
                    + " predicted by sim-core's cyclic-order orbit (predictedLimitCycleSpread), not by a density"));
        }

        // probes
        double[] curvature = nan(p);
        double[] noise = nan(p);
        double[] kurtosis = nan(p);
        double[] tail = nan(p);
        Optional<NoiseScalingReport> scaling = Optional.empty();
        if (n >= 2 && !config.probes().isEmpty()) {
            if (!adapter.singleInputSingleOutput()) {
                findings.add(new Finding(Finding.Severity.WARNING, "PROBES_SKIPPED", "probes need a network with"
                        + " one input and one output array; this ComputationGraph has more; nothing is predicted"));
            } else if (probeData.isEmpty() && reservoir.size() < 2) {
                findings.add(new Finding(Finding.Severity.WARNING, "PROBES_SKIPPED", "fewer than 2 training"
                        + " minibatches were kept for probes; give probeData(...) or a larger reservoir"));
            } else {
                scaling = runProbes(run, mean, curvature, noise, kurtosis, tail);
            }
        }
        double[][] cycleGradients = cycleGradients(run);

        List<ParameterReport> params = new ArrayList<>(p);
        List<GroupReport> groups = new ArrayList<>();
        boolean diagonalCaveat = false;
        for (TrackedParameters.Slice slice : tracked.slices()) {
            ParameterBlock blk = slice.block();
            double lr = adapter.learningRate(blk, run.dl4jIteration(), run.epoch());
            RegularizationSpec reg = adapter.regularization(blk, run.dl4jIteration(), run.epoch());
            long[] flat = tracked.flatIndices();
            double[] rmsState = adapter.rmsPropState(blk).map(v -> v.castTo(DataType.DOUBLE).toDoubleVector())
                    .orElse(null);
            double epsilon = blk.updater().hyperparameter("epsilon");
            int size = slice.to() - slice.from();
            AutocorrelationTime[] taus = new AutocorrelationTime[size];
            double[] hs = new double[size];
            double[] theoryTaus = new double[size];
            VariancePrediction[] preds = new VariancePrediction[size];
            VariancePrediction[] iids = new VariancePrediction[size];
            List<PredictionInput> schemeInputs = new ArrayList<>();
            List<PredictionInput> iidInputs = new ArrayList<>();
            List<Integer> asked = new ArrayList<>();
            long batchesPerEpoch = order.epochLengthExamples() > 0 && run.miniBatchSize() > 0
                    ? order.epochLengthExamples() / run.miniBatchSize() : 0;
            DataOrder used = order.used() == DataOrder.UNKNOWN ? DataOrder.IID : order.used();
            for (int j = 0; j < size; j++) {
                int i = slice.from() + j;
                double h = curvature[i];
                if (blk.updater().kind() == UpdaterKind.SGD && reg.weightDecay() > 0) {
                    h += reg.weightDecayCurvature(lr);
                }
                hs[j] = h;
                theoryTaus[j] = TraceDiagnostics.predictedTau(relaxationRate(blk, lr, rmsState, epsilon,
                        (int) (flat[i] - blk.offset()), noise[i]), h);
                taus[j] = TraceDiagnostics.autocorrelationTime(MultiLevelBatchMeans.tau(blocks, i, var[i]),
                        theoryTaus[j]);
                double ess = n / taus[j].tau();
                // the missing theory is the more fundamental reason: more samples would not help
                if (blk.updater().kind() == UpdaterKind.UNSUPPORTED) {
                    preds[j] = VariancePrediction.notPredicted("no theory yet for updater "
                            + blk.updater().className() + " (observed, not predicted)");
                    iids[j] = preds[j];
                } else if (!(ess >= config.minEffectiveSampleSize())) {
                    preds[j] = VariancePrediction.notPredicted("too few effective samples: ESS = " + fmt(ess) + " < "
                            + config.minEffectiveSampleSize());
                    iids[j] = preds[j];
                } else if (Double.isNaN(h) || Double.isNaN(noise[i])) {
                    preds[j] = VariancePrediction.notPredicted("no probe measurement of curvature and noise");
                    iids[j] = preds[j];
                } else {
                    if (order.used() == DataOrder.FIXED_CYCLIC) {
                        preds[j] = VariancePrediction.notPredicted("fixed cyclic data order: a limit cycle, not a"
                                + " density");
                    } else {
                        schemeInputs.add(new PredictionInput(blk.updater(), used, lr, h, noise[i],
                                run.miniBatchSize(), batchesPerEpoch));
                    }
                    iidInputs.add(new PredictionInput(blk.updater(), DataOrder.IID, lr, h, noise[i],
                            run.miniBatchSize(), 0));
                    asked.add(j);
                }
            }
            // one call per group, so a simulation-based predictor can run all parameters together
            List<VariancePrediction> iidOut = iidInputs.isEmpty() ? List.of() : predictor.predictGroup(iidInputs);
            List<VariancePrediction> schemeOut = schemeInputs.isEmpty() ? List.of()
                    : used == DataOrder.IID ? iidOut : predictor.predictGroup(schemeInputs);
            for (int a = 0; a < asked.size(); a++) {
                int j = asked.get(a);
                iids[j] = iidOut.get(a);
                if (preds[j] == null) {
                    preds[j] = schemeOut.get(a);
                    diagonalCaveat |= preds[j].predicted();
                }
            }
            List<ParameterReport> inGroup = new ArrayList<>();
            boolean cyclic = order.used() == DataOrder.FIXED_CYCLIC;
            for (int j = 0; j < size; j++) {
                int i = slice.from() + j;
                double cycleSpread = cyclic ? var[i] : Double.NaN;
                double predictedCycleSpread = cyclic && cycleGradients != null
                        && blk.updater().kind() == UpdaterKind.SGD
                        ? LimitCycleProbe.predictedSpread(cycleGradients, i, lr, hs[j]) : Double.NaN;
                AutocorrelationTime tau = taus[j];
                double ess = n / tau.tau();
                double varSe = TraceDiagnostics.varianceStandardError(var[i], tau.tauSquared(), n);
                double z = TraceDiagnostics.gewekeZ(blocks, i, var[i], theoryTaus[j]);
                double h = hs[j];
                VariancePrediction pred = preds[j];
                double effectiveLr = rmsState == null ? lr
                        : lr / (Math.sqrt(rmsState[(int) (flat[i] - blk.offset())]) + epsilon);
                double temperature = h * var[i];
                double alpha = temperature / (lr * noise[i]);
                double pv = pred.predicted() ? pred.variance() : Double.NaN;
                double ratio = var[i] / pv;
                double ratioSe = varSe / pv;
                double[] interval = TraceDiagnostics.varianceInterval95(var[i], varSe);
                ParameterReport pr = new ParameterReport(blk.key(), flat[i] - blk.offset(),
                        blk.updater().className(), lr, effectiveLr, mean[i], var[i], varSe, interval[0], interval[1],
                        tau.tau(), ess, h, noise[i], kurtosis[i], tail[i], temperature, alpha, pred.variance(),
                        iids[j].variance(), cycleSpread, predictedCycleSpread, pred.basis(), ratio, ratioSe,
                        interval[0] / pv, interval[1] / pv, fdr[i], z, Math.abs(z) > DRIFT_Z);
                inGroup.add(pr);
                params.add(pr);
            }
            groups.add(group(blk, inGroup, taus));
            if (blk.updater().kind() == UpdaterKind.UNSUPPORTED) {
                findings.add(new Finding(Finding.Severity.WARNING, "UNSUPPORTED_UPDATER", blk.key() + " uses "
                        + blk.updater().className() + ": observed and reported, but there is no stationary theory"
                        + " for it yet (supported: Sgd, RmsProp, Nesterovs)"));
            }
        }
        List<BlockPredictionReport> blockReports = blockPredictions(run, params);
        Optional<CloseUpAssembler.ProbeContext> probeContext = probes == null ? Optional.empty()
                : Optional.of(new CloseUpAssembler.ProbeContext(probes, probeTheta, probeExamples));
        List<CloseUpReport> closeUpReports = CloseUpAssembler.assemble(closeUps, tracked, params, probeContext,
                config.lossSlices(), order.used() == DataOrder.FIXED_CYCLIC);
        if (diagonalCaveat) {
            findings.add(new Finding(Finding.Severity.INFO, "DIAGONAL_HESSIAN_APPROXIMATION", "per-parameter"
                    + " predictions assume a diagonal Hessian; when parameters are coupled they underestimate the"
                    + " spread (THEORY.md 2)"));
        }
        long probeNanos = System.nanoTime() - t0;
        ListenerCost cost = new ListenerCost(run.nanosCallbacks() / 1e6, (run.nanosProbes() + probeNanos) / 1e6,
                run.callbacks(), p, ObservatoryListener.bytesPerTrackedParameter(), run.bytesHeld());
        WindowReport window = new WindowReport(run.startIteration(), run.lastIteration(), n, config.every(),
                run.startReason(), run.endReason(), run.miniBatchSize(),
                Double.isFinite(run.learningRateMin()) ? run.learningRateMin() : Double.NaN,
                Double.isFinite(run.learningRateMax()) ? run.learningRateMax() : Double.NaN);
        return new ObservatoryReport(ObservatoryReport.SCHEMA_VERSION, provenance(), cost, window, order, scaling,
                groups, blockReports, params, closeUpReports, findings);
    }

    private Optional<NoiseScalingReport> runProbes(RunFacts run, double[] mean, double[] curvature, double[] noise,
                                                   double[] kurtosis, double[] tail) {
        probes = new GradientProbes(adapter, run.dl4jIteration(), run.epoch());
        INDArray theta = adapter.params().castTo(DataType.DOUBLE).dup().reshape(adapter.numParams());
        probeTheta = theta;
        long[] flat = tracked.flatIndices();
        for (int i = 0; i < flat.length; i++) {
            theta.putScalar(flat[i], mean[i]);
        }
        List<MiniBatch> batches;
        MiniBatch examples;
        if (probeData.isPresent()) {
            MiniBatch all = new MiniBatch(probeData.get().getFeatures(), probeData.get().getLabels());
            batches = sampleBatches(all, Math.max(2, config.reservoirBatches()), Math.max(1, run.miniBatchSize()));
            examples = all;
        } else {
            batches = reservoir;
            examples = MiniBatch.concat(reservoir);
        }
        probeExamples = examples;
        boolean noiseProbe = config.probes().contains(Probe.GRADIENT_NOISE)
                || config.probes().contains(Probe.PER_EXAMPLE_NOISE);
        boolean hessianProbe = config.probes().contains(Probe.HESSIAN_DIAGONAL);
        int perExample = config.probes().contains(Probe.PER_EXAMPLE_NOISE) ? config.perExampleGradients() : 0;
        Optional<NoiseProbeResult> noiseResult = Optional.empty();
        CurvatureMethod method = probes.curvatureMethod(examples);
        if (noiseProbe && hessianProbe) {
            // one call, so that a dense network's probes share their passes over the reservoir
            NoiseAndCurvature both = probes.noiseAndCurvature(theta, batches, examples, perExample, flat,
                    config.hutchinsonProbes(), config.finiteDifferenceStep(), config.seed() + 17);
            noiseResult = Optional.of(both.noise());
            for (int i = 0; i < flat.length; i++) {
                curvature[i] = both.curvature(i);
            }
            method = both.curvatureMethod();
        } else if (noiseProbe) {
            noiseResult = Optional.of(probes.gradientNoise(theta, batches, examples, perExample, flat));
        } else if (hessianProbe) {
            double[][] h = probes.hessianDiagonal(theta, examples, config.hutchinsonProbes(),
                    config.finiteDifferenceStep(), config.seed() + 17, flat);
            for (int i = 0; i < h.length; i++) {
                curvature[i] = h[i][0];
            }
        }
        Optional<NoiseScalingReport> scaling = Optional.empty();
        if (noiseResult.isPresent()) {
            NoiseProbeResult r = noiseResult.get();
            double[] ratios = new double[r.size()];
            for (int i = 0; i < r.size(); i++) {
                noise[i] = r.noiseVariance(i);
                kurtosis[i] = r.noiseExcessKurtosis(i);
                tail[i] = r.tailIndex(i);
                ratios[i] = r.minibatchVariance(i) / (r.perExampleVariance(i) / r.miniBatchSize());
            }
            if (r.examples() >= 2 && r.minibatches() >= 2) {
                scaling = Optional.of(new NoiseScalingReport(r.miniBatchSize(), r.minibatches(), r.examples(),
                        median(ratios), Math.sqrt(2.0 / (r.minibatches() - 1))));
            }
        }
        if (hessianProbe) {
            findings.add(new Finding(Finding.Severity.INFO, "CURVATURE_METHOD",
                    method == CurvatureMethod.EXACT_GAUSS_NEWTON
                            ? "curvature: the exact Hessian diagonal on " + examples.size() + " probe examples (dense"
                            + " layers with piecewise-linear hidden activations: Hessian = Gauss-Newton matrix)"
                            : "curvature: Hutchinson's estimate with " + config.hutchinsonProbes() + " Rademacher"
                            + " probes on " + examples.size() + " probe examples (noisy per parameter: its"
                            + " standard error is of the order of |h| at 32 probes, BENCHMARKS.md section 4)"));
        }
        return scaling;
    }

    /**
     * For a fixed cyclic order: the minibatch-mean gradients at the window mean of the epoch's minibatches in
     * training order (rows), or null with a LIMIT_CYCLE_NOT_PREDICTED finding when they cannot be rebuilt.
     */
    private double[][] cycleGradients(RunFacts run) {
        if (order.used() != DataOrder.FIXED_CYCLIC) {
            return null;
        }
        String problem;
        if (probes == null) {
            problem = "the probes did not run";
        } else {
            LimitCycleProbe.EpochBatches eb = LimitCycleProbe.epochBatches(detector, probeExamples,
                    order.epochLengthExamples(), run.miniBatchSize());
            if (eb.problem().isEmpty()) {
                return probes.batchGradients(probeTheta, eb.batches(), tracked.flatIndices());
            }
            problem = eb.problem();
        }
        findings.add(new Finding(Finding.Severity.WARNING, "LIMIT_CYCLE_NOT_PREDICTED", "the limit cycle's spread"
                + " is observed but not predicted: " + problem));
        return null;
    }

    private List<BlockPredictionReport> blockPredictions(RunFacts run, List<ParameterReport> params) {
        List<BlockPredictionReport> out = new ArrayList<>();
        if (config.fullBlockMaxParameters() <= 0 || probes == null) {
            return out;
        }
        long[] flat = tracked.flatIndices();
        for (TrackedParameters.Slice slice : tracked.slices()) {
            ParameterBlock blk = slice.block();
            int k = slice.to() - slice.from();
            if (k != blk.length() || k > config.fullBlockMaxParameters()) {
                continue;
            }
            long[] idx = Arrays.copyOfRange(flat, slice.from(), slice.to());
            double lr = adapter.learningRate(blk, run.dl4jIteration(), run.epoch());
            double[][] h = probes.hessianBlock(probeTheta, probeExamples, idx, config.finiteDifferenceStep());
            double[][] sigma = probes.noiseCovarianceBlock(probeTheta, probeExamples, config.perExampleGradients(),
                    idx, Math.max(1, run.miniBatchSize()));
            DataOrder used = order.used() == DataOrder.UNKNOWN ? DataOrder.IID : order.used();
            StationaryPredictor.BlockPrediction bp = blk.updater().kind() == UpdaterKind.UNSUPPORTED
                    ? StationaryPredictor.BlockPrediction.notPredicted("no theory yet for updater "
                            + blk.updater().className())
                    : predictor.predictBlock(new BlockPredictionInput(blk.updater(), used, lr, h, sigma));
            double[] obsToFull = new double[k];
            double[] diagToFull = new double[k];
            for (int i = 0; i < k; i++) {
                ParameterReport p = params.get(slice.from() + i);
                double full = bp.predicted() ? bp.variances().get(i) : Double.NaN;
                obsToFull[i] = p.variance() / full;
                diagToFull[i] = p.predictedVariance() / full;
            }
            out.add(new BlockPredictionReport(blk.key(), k, bp.variances(), median(obsToFull), median(diagToFull),
                    bp.basis()));
        }
        return out;
    }

    private List<MiniBatch> sampleBatches(MiniBatch all, int k, int b) {
        Random rnd = new Random(config.seed() + 31);
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
     * The per-parameter step rate whose AR(1) relaxation time {@code (2 - rate h)/(rate h)} the theory predicts:
     * the learning rate for Sgd, {@code lr/(sqrt(v) + eps)} with the final RmsProp state, {@code lr/sigma^2_B}
     * for the variance-normalised rule; NaN for Nesterovs (momentum changes the relaxation) and unsupported
     * updaters.
     */
    private static double relaxationRate(ParameterBlock blk, double lr, double[] rmsState, double epsilon, int index,
                                         double noiseVariance) {
        return switch (blk.updater().kind()) {
            case SGD -> lr;
            case RMSPROP -> rmsState == null ? Double.NaN : lr / (Math.sqrt(rmsState[index]) + epsilon);
            case VARNORM -> noiseVariance > 0 ? lr / noiseVariance : Double.NaN;
            case NESTEROVS, UNSUPPORTED -> Double.NaN;
        };
    }

    private GroupReport group(ParameterBlock blk, List<ParameterReport> ps, AutocorrelationTime[] taus) {
        double[] ratios = ps.stream().mapToDouble(ParameterReport::ratio).filter(Double::isFinite).toArray();
        double[] fdrs = ps.stream().mapToDouble(ParameterReport::fluctuationDissipationRatio)
                .filter(Double::isFinite).toArray();
        double[] temps = ps.stream().mapToDouble(ParameterReport::temperature).filter(Double::isFinite).toArray();
        double drifting = ps.isEmpty() ? Double.NaN
                : ps.stream().filter(ParameterReport::drifting).count() / (double) ps.size();
        double medFdr = median(fdrs);
        double medRatio = median(ratios);
        // settled: few drifting elements (10% allows for chance at p=0.001 per element plus mild non-normality)
        // and a median FDR ratio within 0.25 of 1 (Yaida's relation holds exactly only when stationary). When only
        // every k-th step is observed the FDR ratio no longer telescopes (SE ~ sqrt(2/(eta h n))), so only the
        // drift test decides.
        boolean fdrUsable = config.every() == 1;
        boolean stationaryLooking = drifting <= 0.10 && (!fdrUsable || Math.abs(medFdr - 1) < 0.25);
        // too short to judge: most elements have an unresolved tau (the batch means kept growing with the block
        // length) or fewer effective samples than a prediction needs; then "settled" cannot be claimed, but
        // "drifting" is not the reason either
        long unresolvedOrShort = 0;
        for (int j = 0; j < ps.size(); j++) {
            if (taus[j].unresolved() || !(ps.get(j).effectiveSampleSize() >= config.minEffectiveSampleSize())) {
                unresolvedOrShort++;
            }
        }
        boolean tooShort = stationaryLooking && !ps.isEmpty() && unresolvedOrShort > ps.size() / 2.0;
        boolean settled = stationaryLooking && !tooShort;
        StringBuilder v = new StringBuilder();
        if (tooShort) {
            double medTau = median(ps.stream().mapToDouble(ParameterReport::integratedAutocorrelationTime).toArray());
            double medEss = median(ps.stream().mapToDouble(ParameterReport::effectiveSampleSize).toArray());
            String msg = String.format("window too short: median tau ~%.0f iterations, ESS ~%.1f (%d of %d elements"
                    + " cannot be judged); observe longer or raise the learning rate / L2", medTau, medEss,
                    unresolvedOrShort, ps.size());
            v.append(msg);
            findings.add(new Finding(Finding.Severity.WARNING, WINDOW_TOO_SHORT, blk.key() + ": " + msg));
        } else {
            v.append(settled ? "settled" : "not settled");
        }
        if (!settled && !tooShort) {
            v.append(String.format(" (%.0f%% of elements drift; median FDR ratio %s, 1 when stationary)",
                    100 * drifting, fmt(medFdr)));
        }
        if (ratios.length == 0) {
            v.append("; not predicted: ").append(ps.isEmpty() ? "no parameters" : ps.get(0).prediction());
        } else if (Math.abs(medRatio - 1) <= 0.15) {
            v.append(String.format("; the theory's spread holds (median observed/predicted %.3f over %d elements)",
                    medRatio, ratios.length));
        } else {
            v.append(String.format("; the theory's spread does not hold (median observed/predicted %.3f over %d"
                    + " elements)%s", medRatio, ratios.length, settled ? ": coupled parameters (non-diagonal"
                    + " Hessian), state-dependent noise or a different data order are likely causes"
                    : tooShort ? ": too few effective samples to tell" : ": the run is not stationary yet"));
        }
        double[] cycle = ps.stream().mapToDouble(q -> q.limitCycleSpread() / q.predictedLimitCycleSpread())
                .filter(Double::isFinite).toArray();
        if (cycle.length > 0) {
            v.append(String.format("; limit cycle of the fixed data order: median observed/predicted orbit spread"
                    + " %.3f over %d elements", median(cycle), cycle.length));
        }
        double[] alphas = ps.stream().mapToDouble(ParameterReport::measuredAlpha).filter(Double::isFinite).toArray();
        double[] slope = logLogSlope(ps);
        return new GroupReport(blk.key(), blk.layerName(), blk.kind(), blk.updater().className(), ps.size(),
                blk.length(), ratios.length, medRatio, medFdr, drifting, median(temps), median(alphas), slope[0],
                slope[1], settled, v.toString());
    }

    /** OLS slope of log T on log sigma^2_B and its standard error; NaN with fewer than 3 usable points. */
    static double[] logLogSlope(List<ParameterReport> ps) {
        List<double[]> pts = new ArrayList<>();
        for (ParameterReport p : ps) {
            if (p.temperature() > 0 && p.gradientNoiseVariance() > 0) {
                pts.add(new double[] {Math.log(p.gradientNoiseVariance()), Math.log(p.temperature())});
            }
        }
        int k = pts.size();
        if (k < 3) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double mx = pts.stream().mapToDouble(a -> a[0]).average().orElseThrow();
        double my = pts.stream().mapToDouble(a -> a[1]).average().orElseThrow();
        double sxx = 0;
        double sxy = 0;
        for (double[] a : pts) {
            sxx += (a[0] - mx) * (a[0] - mx);
            sxy += (a[0] - mx) * (a[1] - my);
        }
        if (!(sxx > 0)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double b = sxy / sxx;
        double rss = 0;
        for (double[] a : pts) {
            double r = a[1] - my - b * (a[0] - mx);
            rss += r * r;
        }
        return new double[] {b, Math.sqrt(rss / (k - 2) / sxx)};
    }

    private Provenance provenance() {
        String own = Optional.ofNullable(ReportAssembler.class.getPackage().getImplementationVersion())
                .orElse("0.1.0-SNAPSHOT");
        String dl4jVersion = Optional.ofNullable(org.deeplearning4j.nn.multilayer.MultiLayerNetwork.class.getPackage()
                .getImplementationVersion()).orElse("1.0.0-M2.1 (compiled against)");
        return new Provenance(own, dl4jVersion, Nd4j.getBackend().getClass().getName(),
                System.getProperty("java.version"), config.seed(), adapter.networkType(), adapter.numParams(),
                config.toString() + " predictor=" + predictor, adapter.configurationJson());
    }

    static void logSummary(ObservatoryReport r, Logger log) {
        log.info("SGD Observatory: {} samples from iteration {} to {} ({}), data order {} ({})",
                r.window().samples(), r.window().startIteration(), r.window().lastIteration(), r.window().endReason(),
                r.dataOrder().used(), r.dataOrder().detected());
        for (GroupReport g : r.groups()) {
            log.info("  {} [{} of {} tracked, {}]: {}", g.key(), g.trackedParameters(), g.totalParameters(),
                    g.updater(), g.verdict());
        }
        for (Finding f : r.findings()) {
            if (f.severity() != Finding.Severity.INFO) {
                log.warn("  {} {}: {}", f.severity(), f.code(), f.message());
            }
        }
        log.info("  cost: {} ms in callbacks, {} ms in probes, {} bytes held", fmt(r.cost().callbackMillis()),
                fmt(r.cost().probeMillis()), r.cost().bytesHeld());
    }

    static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }

    private static double[] nan(int p) {
        double[] a = new double[p];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    static String fmt(double x) {
        return String.format("%.4g", x);
    }
}
