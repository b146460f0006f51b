package org.sgdobservatory.listener.probe;

import java.util.Arrays;
import java.util.Optional;

import org.sgdobservatory.report.model.CurvatureMethod;
import org.sgdobservatory.report.model.Measurement;
import org.sgdobservatory.report.model.ProbeReport;

/**
 * What the probe stage measured, per tracked parameter (position {@code i} in tracked order): curvature and noise with
 * their standard errors, the noise's excess kurtosis and tail index; what the probes ran on; and the probe copy, for
 * the stages that need more passes (loss slices, full blocks, limit cycles) and the noise along the eigen-directions
 * when it was started on that copy while the probes ran. NaN where nothing was measured. A holder
 * of arrays, hence a final class; its arrays are never exposed.
 */
public final class ProbeMeasurements {

    private final double[] curvature;
    private final double[] curvatureStandardError;
    private final double[] noise;
    private final double[] noiseStandardError;
    private final double[] noiseKurtosis;
    private final double[] tailIndex;
    private final ProbeReport report;
    private final Optional<ProbeCopy> copy;
    private final Optional<DirectionNoiseProbe.Pending> directionNoise;

    ProbeMeasurements(double[] curvature, double[] curvatureStandardError, double[] noise, double[] noiseStandardError,
                      double[] noiseKurtosis, double[] tailIndex, ProbeReport report, Optional<ProbeCopy> copy,
                      Optional<DirectionNoiseProbe.Pending> directionNoise) {
        this.curvature = curvature;
        this.curvatureStandardError = curvatureStandardError;
        this.noise = noise;
        this.noiseStandardError = noiseStandardError;
        this.noiseKurtosis = noiseKurtosis;
        this.tailIndex = tailIndex;
        this.report = report;
        this.copy = copy;
        this.directionNoise = directionNoise;
    }

    /** Nothing measured for {@code size} tracked parameters (the probes did not run). */
    public static ProbeMeasurements none(int size) {
        return new ProbeMeasurements(nan(size), nan(size), nan(size), nan(size), nan(size), nan(size),
                ProbeReport.NONE, Optional.empty(), Optional.empty());
    }

    static double[] nan(int size) {
        double[] a = new double[size];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /** The Hessian diagonal of tracked parameter {@code i} (regularisation included) with its standard error. */
    public Measurement curvature(int i) {
        return new Measurement(curvature[i], curvatureStandardError[i]);
    }

    /** {@code sigma^2_B}, the minibatch gradient's noise variance at fixed parameters, with its standard error. */
    public Measurement noiseVariance(int i) {
        return new Measurement(noise[i], noiseStandardError[i]);
    }

    /** Excess kurtosis of the minibatch noise of parameter {@code i}. */
    public double noiseExcessKurtosis(int i) {
        return noiseKurtosis[i];
    }

    /** Hill tail index of the per-example deviations of parameter {@code i}. */
    public double noiseTailIndex(int i) {
        return tailIndex[i];
    }

    /** How the curvature was measured. */
    public CurvatureMethod curvatureMethod() {
        return report.curvatureMethod();
    }

    /** What the probes ran on, for the report. */
    public ProbeReport report() {
        return report;
    }

    /**
     * The noise along the eigen-directions, when the probe stage started it on the copy ({@link
     * DirectionNoiseProbe#startExact}); whoever holds this joins it or abandons it.
     */
    public Optional<DirectionNoiseProbe.Pending> directionNoise() {
        return directionNoise;
    }

    /** The probe copy with the parameters and examples the probes used, when they ran. */
    public Optional<ProbeCopy> copy() {
        return copy;
    }

    /** Number of tracked parameters. */
    public int size() {
        return curvature.length;
    }
}
