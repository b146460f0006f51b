package org.sgdobservatory.report.model;

import java.util.List;
import java.util.Objects;

/**
 * A close look at one tracked parameter, for plots: its trace, histogram, autocorrelation, the predicted and Gibbs
 * densities and the loss slice through the window mean.
 *
 * @param key DL4J parameter key of its block, e.g. {@code 0_W}
 * @param index index inside the block (flattened, DL4J order)
 * @param reason why this parameter was chosen
 * @param trace theta before the step, thinned to at most 2000 points
 * @param autocorrelation normalised autocorrelation of theta at lags 0..maxLag observations (lag 0 = 1)
 * @param histogram equal-width bins of all observed values of the window
 * @param densities the predicted and Gibbs densities on a common grid
 * @param slice the 1-D loss slice through the window mean (empty when slices are off)
 */
public record CloseUpReport(String key, long index, String reason, Trace trace, List<Double> autocorrelation,
                            Histogram histogram, Densities densities, Slice slice) {

    /** Validates and copies. */
    public CloseUpReport {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(trace, "trace");
        autocorrelation = List.copyOf(autocorrelation);
        Objects.requireNonNull(histogram, "histogram");
        Objects.requireNonNull(densities, "densities");
        Objects.requireNonNull(slice, "slice");
    }

    /**
     * A thinned trace.
     *
     * @param iterations the iterations of the points
     * @param values theta at those iterations
     */
    public record Trace(List<Long> iterations, List<Double> values) {
        /** Copies the lists. */
        public Trace {
            iterations = List.copyOf(iterations);
            values = List.copyOf(values);
        }
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
     * @param predicted normal density with the predicted variance about the observed mean (empty when not predicted)
     * @param gibbs {@code exp(-(L(x) - min L)/T)} from the loss slice at the temperature for the run's data order
     *     (empty when there is no slice or no temperature)
     * @param gibbsLecture the same at the lecture's i.i.d.-minibatch temperature (empty when there is none)
     * @param gibbsTemperature the temperature of {@code gibbs}
     * @param gibbsLectureTemperature the temperature of {@code gibbsLecture}
     * @param basis plain language: what the curves are and which temperatures they use
     */
    public record Densities(List<Double> x, List<Double> predicted, List<Double> gibbs, List<Double> gibbsLecture,
                            double gibbsTemperature, double gibbsLectureTemperature, String basis) {
        /** Copies the lists. */
        public Densities {
            x = List.copyOf(x);
            predicted = List.copyOf(predicted);
            gibbs = List.copyOf(gibbs);
            gibbsLecture = List.copyOf(gibbsLecture);
            Objects.requireNonNull(basis, "basis");
        }
    }

    /**
     * The probe-set loss along one coordinate: {@code L(theta_mean + t e_i) - L(theta_mean)}, the other parameters
     * at their window means.
     *
     * @param offset offsets {@code t}
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
