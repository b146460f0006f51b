package org.sgdobservatory.listener.report;

import java.util.List;

import org.sgdobservatory.listener.ObservatoryConfig;
import org.sgdobservatory.listener.sample.ObservationWindow;
import org.sgdobservatory.listener.sample.TraceSampler;
import org.sgdobservatory.listener.sample.TrackedParameters;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.DataOrderReport;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.PredictionReport;
import org.sgdobservatory.report.model.UpdaterKind;

/**
 * The findings about the run as a whole: the window (shorter than asked, too few samples, a changing learning
 * rate), the data order (assumed, limit cycle, fingerprints capped) and the theory's reach (unsupported updaters,
 * the diagonal-Hessian approximation). Stateless.
 */
final class RunFindings {

    private RunFindings() {
    }

    /** Findings about the window. */
    static void window(ObservatoryConfig config, ObservationWindow window, TraceSampler sampler, Findings findings) {
        int asked = config.window().iterations();
        if (window.startIteration() >= 0 && asked > 0 && window.iterationsObserved() < asked) {
            findings.add(FindingCode.WINDOW_LONGER_THAN_TRAINING, "the window of " + asked + " iterations starting at"
                    + " iteration " + window.startIteration() + " is longer than the training seen: only "
                    + window.iterationsObserved() + " iterations were observed; shorten windowIterations or train"
                    + " longer");
        }
        long n = sampler.moments().count();
        if (n < 2) {
            findings.add(FindingCode.TOO_FEW_SAMPLES, "only " + n + " samples were observed (window start: "
                    + (window.startIteration() < 0 ? "never reached" : "iteration " + window.startIteration())
                    + "); start the window earlier or train longer");
        }
        double lo = sampler.learningRateMin();
        double hi = sampler.learningRateMax();
        if (hi > lo * (1 + 1e-12)) {
            findings.add(FindingCode.LEARNING_RATE_CHANGED, "the learning rate changed inside the window (" + lo + " .. "
                    + hi + "); predictions use the rate at the end of the window");
        }
    }

    /** Findings about the data order. */
    static void dataOrder(DataOrderReport order, Findings findings) {
        if (order.used() == DataOrder.UNKNOWN) {
            findings.add(FindingCode.DATA_ORDER_ASSUMED_IID, "the data order could not be determined ("
                    + order.evidence() + "); predictions assume i.i.d. minibatches, which overstates the spread"
                    + " several times if the run reshuffles epochs; state it with dataOrder(...)");
        }
        if (order.used() == DataOrder.FIXED_CYCLIC) {
            findings.add(FindingCode.LIMIT_CYCLE, "the data are visited in a fixed cyclic order (" + order.evidence()
                    + "): parameters settle on a limit cycle of one epoch, not a density; the observed spread is the"
                    + " spread over the orbit, predicted by sim-core's cyclic-order orbit where the epoch's minibatches"
                    + " are known");
        }
        if (order.fingerprinting() == DataOrderReport.Fingerprinting.CAPPED) {
            findings.add(FindingCode.FINGERPRINT_CAP_REACHED, "the data order was determined from the first "
                    + order.examplesSeen() + " examples (the fingerprint cap); later examples were not looked at");
        }
    }

    /** Findings about the theory's reach. */
    static void theory(TrackedParameters tracked, List<PredictionReport> predictions, Findings findings) {
        for (TrackedParameters.Slice s : tracked.slices()) {
            if (s.block().updater().kind() == UpdaterKind.UNSUPPORTED) {
                findings.add(FindingCode.UNSUPPORTED_UPDATER, s.block().key() + " uses " + s.block().updater()
                        .className() + ": observed and reported, but there is no stationary theory for it (supported:"
                        + " Sgd, RmsProp, Nesterovs, VarianceNormalizedSgd)");
            }
        }
        if (predictions.stream().anyMatch(PredictionReport::predicted)) {
            findings.add(FindingCode.DIAGONAL_HESSIAN_APPROXIMATION, "per-parameter predictions assume a diagonal"
                    + " Hessian; when parameters are coupled they can under- or overestimate the spread (isotropic"
                    + " noise on coupled parameters: underestimate); the spectral directions and full-block predictions"
                    + " do not make this approximation");
        }
    }
}
