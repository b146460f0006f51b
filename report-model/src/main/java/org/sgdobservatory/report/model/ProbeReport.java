package org.sgdobservatory.report.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What the probes at the end of the window ran on and how ({@code docs/estimators.md#the-probes}).
 *
 * @param curvatureMethod how the Hessian diagonal was measured
 * @param minibatches minibatches whose gradient variance gives {@code sigma^2_B}
 * @param examples examples the curvature was measured on
 * @param distinctExamples distinct examples among them (a reservoir may hold repeats)
 * @param epochExamples examples per data epoch, 0 when unknown
 * @param perExampleGradients per-example gradients behind the noise's kurtosis, tail index and the 1/B check
 * @param noiseScaling the {@code 1/B} check, when the per-example probe ran
 */
public record ProbeReport(CurvatureMethod curvatureMethod, int minibatches, int examples, int distinctExamples,
                          long epochExamples, int perExampleGradients, Optional<NoiseScaling> noiseScaling) {

    /** Validates. */
    public ProbeReport {
        Objects.requireNonNull(curvatureMethod, "curvatureMethod");
        Objects.requireNonNull(noiseScaling, "noiseScaling");
    }

    /** Probes that did not run. */
    public static final ProbeReport NONE = new ProbeReport(CurvatureMethod.NONE, 0, 0, 0, 0, 0, Optional.empty());

    /**
     * The {@code 1/B} check: the variance of minibatch-mean gradients against the per-example variance divided by B,
     * at fixed parameters.
     *
     * @param miniBatchSize B
     * @param medianRatio median over tracked parameters of {@code Var(minibatch mean) / (Var(per example)/B)}
     * @param ratioStandardError standard error of one ratio, {@code sqrt(2/(K-1))}
     */
    public record NoiseScaling(int miniBatchSize, double medianRatio, double ratioStandardError) {
    }
}
