package org.sgdobservatory.listener.report;

import java.util.List;

/**
 * A close look at one tracked parameter, for plots (schema v2 {@code closeUps}). Non-finite numbers are
 * written as JSON {@code null}.
 *
 * @param key DL4J parameter key of its block, e.g. {@code 0_W}
 * @param index index inside the block (flattened, DL4J order)
 * @param updater the updater family of the block
 * @param reason why this parameter was chosen
 * @param traceIterations the iterations of the trace points
 * @param trace theta (before the step) at {@code traceIterations}, thinned to at most 2000 points
 * @param autocorrelation normalised autocorrelation of theta at lags 0..maxLag observation steps (lag 0 = 1)
 * @param histogram equal-width bins of all observed theta values of the window
 * @param density predicted and Gibbs densities on a common grid
 * @param densityBasis plain language: what {@code predicted} and {@code gibbs} are, temperature used
 * @param gibbsTemperature {@code T = (1/2) lr_eff sigma^2_B} of the Gibbs density (NaN when none)
 * @param slice the 1-D loss slice through the window mean (empty when slices are off)
 */
public record CloseUpReport(String key, long index, String updater, String reason, List<Long> traceIterations,
                            List<Double> trace, List<Double> autocorrelation, Histogram histogram, Density density,
                            String densityBasis, double gibbsTemperature, Slice slice) {

    /** Copies the lists. */
    public CloseUpReport {
        traceIterations = List.copyOf(traceIterations);
        trace = List.copyOf(trace);
        autocorrelation = List.copyOf(autocorrelation);
    }

    /**
     * Equal-width bins over {@code [low, high]} of all observed values.
     *
     * @param low lower edge of the first bin
     * @param high upper edge of the last bin
     * @param counts values per bin
     */
    public record Histogram(double low, double high, List<Long> counts) {
        /** Copies the counts. */
        public Histogram {
            counts = List.copyOf(counts);
        }
    }

    /**
     * Densities on the grid {@code x} (units 1/theta, each integrating to 1 by the trapezoid rule).
     *
     * @param x grid of theta values covering the histogram
     * @param predicted normal density with the predicted variance about the observed mean (empty when not
     *     predicted)
     * @param gibbs {@code exp(-(L(x) - min L)/T)} from the loss slice, normalised on the grid (empty when no slice)
     */
    public record Density(List<Double> x, List<Double> predicted, List<Double> gibbs) {
        /** Copies the lists. */
        public Density {
            x = List.copyOf(x);
            predicted = List.copyOf(predicted);
            gibbs = List.copyOf(gibbs);
        }
    }

    /**
     * The probe-set loss along one coordinate: {@code L(theta_mean + t e_i) - L(theta_mean)}, the other
     * parameters at their window means.
     *
     * @param offset offsets {@code t} (theta = mean + t)
     * @param loss the loss differences
     */
    public record Slice(List<Double> offset, List<Double> loss) {
        /** Copies the lists. */
        public Slice {
            offset = List.copyOf(offset);
            loss = List.copyOf(loss);
        }

        /** No slice. */
        public static Slice empty() {
            return new Slice(List.of(), List.of());
        }
    }
}
