package org.sgdobservatory.listener.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.report.model.CloseUpReport;
import org.sgdobservatory.report.model.ParameterReport;

/**
 * The densities of one close-up on its grid ({@link CloseUpAssembler} states what they are): the predicted normal,
 * the Gibbs density on the loss slice at the run's data-order temperature and at the lecture's i.i.d. temperature,
 * with a sentence saying which is which. Stateless.
 */
final class CloseUpDensities {

    private CloseUpDensities() {
    }

    static CloseUpReport.Densities of(ParameterReport p, ParameterBlock blk, double[] x, double[] offsets,
                                      Optional<double[]> loss, String sliceNote, boolean fixedCyclic) {
        StringBuilder basis = new StringBuilder();
        double pv = p.prediction().variance().value();
        List<Double> predicted = List.of();
        if (p.prediction().predicted() && pv > 0) {
            double[] d = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                d[k] = Math.exp(-0.5 * offsets[k] * offsets[k] / pv);
            }
            predicted = CloseUpAssembler.boxed(normalise(x, d));
            basis.append("predicted: normal with the predicted variance ").append(fmt(pv)).append(" (")
                    .append(p.prediction().basis()).append(") about the observed mean");
        } else {
            basis.append("predicted: none (").append(p.prediction().basis()).append(")");
        }
        double h = p.probed().curvature().value();
        double tOrder = p.prediction().predicted() ? h * pv : Double.NaN;
        double tLecture = CloseUpAssembler.GIBBS_ALPHA * CloseUpAssembler.lectureRate(p, blk)
                * p.probed().noiseVariance().value();
        List<Double> gibbs = List.of();
        List<Double> lecture = List.of();
        if (loss.isPresent()) {
            if (tOrder > 0 && Double.isFinite(tOrder)) {
                gibbs = CloseUpAssembler.boxed(gibbs(x, loss.get(), tOrder));
                basis.append("; gibbs: exp(-(L(x) - min L)/T) on the probe-set loss slice at T = h V_pred = ")
                        .append(fmt(tOrder)).append(", the temperature of the predicted spread for the run's data"
                                + " order");
            }
            if (tLecture > 0 && Double.isFinite(tLecture)) {
                lecture = CloseUpAssembler.boxed(gibbs(x, loss.get(), tLecture));
                basis.append("; gibbsLecture: the same at the lecture's i.i.d. temperature T = (1/2) eta_eff sigma^2_B = ")
                        .append(fmt(tLecture)).append(" (alpha = 1/2 from the Fokker-Planck equation, not the lecture's"
                                + " 1/10)");
            }
        } else {
            basis.append("; no Gibbs densities (").append(sliceNote).append(")");
        }
        if (fixedCyclic) {
            basis.append("; fixed cyclic data order: the parameter follows a limit cycle, not a density, so these curves"
                    + " are for comparison only");
        }
        return new CloseUpReport.Densities(CloseUpAssembler.boxed(x), predicted, gibbs, lecture,
                gibbs.isEmpty() ? Double.NaN : tOrder, lecture.isEmpty() ? Double.NaN : tLecture, basis.toString());
    }

    /** Gibbs density {@code exp(-(L - min L)/T)} normalised on the grid by the trapezoid rule. */
    static double[] gibbs(double[] x, double[] loss, double temperature) {
        double min = Double.POSITIVE_INFINITY;
        for (double l : loss) {
            min = Math.min(min, l);
        }
        double[] d = new double[loss.length];
        for (int k = 0; k < loss.length; k++) {
            d[k] = Math.exp(-(loss[k] - min) / temperature);
        }
        return normalise(x, d);
    }

    /** Divides by the trapezoid integral over {@code x}; all NaN when it is not positive. */
    static double[] normalise(double[] x, double[] d) {
        double z = 0;
        for (int k = 1; k < x.length; k++) {
            z += 0.5 * (d[k] + d[k - 1]) * (x[k] - x[k - 1]);
        }
        double[] out = new double[d.length];
        for (int k = 0; k < d.length; k++) {
            out[k] = z > 0 ? d[k] / z : Double.NaN;
        }
        return out;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
