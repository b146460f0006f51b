package org.sgdobservatory.listener.probe;

import java.util.Arrays;
import java.util.Optional;

import org.sgdobservatory.report.model.ProbeReport;

/** Probe measurements given directly, for tests of the stages after the probes. */
public final class ProbeMeasurementsFixture {

    private ProbeMeasurementsFixture() {
    }

    /**
     * Curvature and noise per tracked parameter with their standard errors; kurtosis and tail index unknown.
     *
     * @param curvature Hessian diagonal (regularisation included)
     * @param curvatureStandardError its standard errors
     * @param noise {@code sigma^2_B}
     * @param noiseStandardError its standard errors
     */
    public static ProbeMeasurements of(double[] curvature, double[] curvatureStandardError, double[] noise,
                                       double[] noiseStandardError) {
        double[] unknown = new double[curvature.length];
        Arrays.fill(unknown, Double.NaN);
        return new ProbeMeasurements(curvature.clone(), curvatureStandardError.clone(), noise.clone(),
                noiseStandardError.clone(), unknown, unknown.clone(), ProbeReport.NONE, Optional.empty(),
                Optional.empty());
    }
}
