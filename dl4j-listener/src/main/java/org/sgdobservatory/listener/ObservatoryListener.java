package org.sgdobservatory.listener;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.judge.WindowSufficiency;
import org.sgdobservatory.listener.live.LiveFeed;
import org.sgdobservatory.listener.report.Findings;
import org.sgdobservatory.listener.report.ProgressLog;
import org.sgdobservatory.listener.report.ReportPipeline;
import org.sgdobservatory.listener.sample.ObservationSession;
import org.sgdobservatory.listener.sample.ObservationWindow;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.LiveSnapshot;
import org.sgdobservatory.report.model.ObservatoryReport;

/**
 * A Deeplearning4j {@code TrainingListener} that observes the stationary phase of training and compares the spread
 * of every tracked parameter with the theory of SGD noise. This class only routes DL4J's callbacks to the pipeline's
 * stages: sample ({@code listener.sample}: the window, the traces, the probe reservoir, the data order), then at the
 * window's end probe ({@code listener.probe}), predict ({@code listener.predict}), judge ({@code listener.judge}) and
 * report ({@code listener.report}).
 *
 * <p>Per sampled iteration it reads, in {@code onGradientCalculation}, the parameters before the step and the raw
 * minibatch gradient, and in {@code iterationDone} the parameters after it ({@code docs/dl4j-behaviour.md} lists
 * the DL4J behaviours this relies on). It never writes to the network, its gradient or ND4J's random generator, so
 * attaching it does not change training; the probes run on an independent double-precision copy, and a fingerprint
 * of the network taken before them is checked after them.
 *
 * <p>Failure policy: misuse fails fast with an {@link ObservatorySetupException} from the builder or
 * {@link #attachTo}; inside training nothing is thrown (failures become findings, {@code CallbackGuard}) unless the
 * user asked for {@link NonFiniteValuesException} with {@code stopOnNonFinite(true)}.
 *
 * <p>Not thread-safe: attach one instance to one network trained on one thread.
 */
public final class ObservatoryListener extends BaseTrainingListener implements AutoCloseable {

    private final ObservatoryConfig config;
    private final ObservationWindow window;
    private final Findings findings = new Findings();
    private final CallbackGuard guard = new CallbackGuard(findings);
    private Model model;
    private ObservationSession session;
    private ObservatoryReport lastReport;
    private RuntimeException assemblyFailure;
    private long nonFiniteSamples;
    private final Optional<LiveFeed> live;
    private final ProgressLog progressLog = new ProgressLog();
    private String extensionNote = "";

    private ObservatoryListener(ObservatoryConfig config, Optional<LiveFeed> live) {
        this.config = Objects.requireNonNull(config, "config");
        this.window = new ObservationWindow(config.window());
        this.live = live;
    }

    /** A builder with the defaults described on each method (the same as {@link ObservatoryConfig#builder()}). */
    public static ObservatoryConfig.Builder builder() {
        return ObservatoryConfig.builder();
    }

    /**
     * A listener with this configuration (as the builder's {@code build()} makes it); starts its live view when it has
     * one.
     *
     * @throws ObservatorySetupException when the live view's address cannot be bound (e.g. the port is in use)
     */
    public static ObservatoryListener of(ObservatoryConfig config) {
        Optional<LiveFeed> live = Optional.empty();
        if (config.live().isPresent()) {
            ObservatoryConfig.Live l = config.live().get();
            try {
                live = Optional.of(LiveFeed.start(l.address(), l.port()));
            } catch (IOException | RuntimeException e) {
                throw new ObservatorySetupException("liveView: cannot serve on " + l.address() + ":" + l.port() + " ("
                        + e.getMessage() + "); the port may be in use by another listener or program: choose another"
                        + " port, or liveView(0) for any free one", e);
            }
        }
        return new ObservatoryListener(config, live);
    }

    /** The live view's address, when the listener serves one. */
    public Optional<URI> liveViewUri() {
        return live.map(LiveFeed::uri);
    }

    /** Stops the live view, if any (idempotent). The report and everything else stay available. */
    @Override
    public void close() {
        live.ifPresent(LiveFeed::close);
    }

    /** The configuration. */
    public ObservatoryConfig config() {
        return config;
    }

    /**
     * Checks that {@code net} can be observed and adds this listener to it (keeping its other listeners).
     *
     * @throws ObservatorySetupException when the network cannot be observed (type, no parameters) or this listener
     *     already observes another network
     */
    public ObservatoryListener attachTo(Model net) {
        try {
            NetworkAdapter.of(net);
        } catch (IllegalArgumentException e) {
            throw new ObservatorySetupException(e.getMessage(), e);
        }
        if (model != null && model != net) {
            throw new ObservatorySetupException("this ObservatoryListener already observes another network; create"
                    + " one listener per network");
        }
        net.addListeners(this);
        return this;
    }

    @Override
    public void onBackwardPass(Model m) {
        guard.run(() -> {
            if (session != null && m == model || session == null && ensureSession(m)) {
                session.rememberLabels(window);
            }
        });
    }

    @Override
    public void onGradientCalculation(Model m) {
        guard.run(() -> {
            if (!ensureSession(m) || window.phase() == ObservationWindow.Phase.FINISHED) {
                return;
            }
            boolean sampled = window.beforeStep();
            session.observeMiniBatch(window);
            session.maybeFindDirections(window, window.dl4jIteration(), window.dl4jEpoch());
            // checked before DL4J applies the step, so stopOnNonFinite stops with the parameters intact
            if (sampled && !session.beforeStep(window.iteration())) {
                nonFinite("gradient or parameters before the step");
            }
        });
    }

    @Override
    public void iterationDone(Model m, int dl4jIteration, int epoch) {
        boolean[] complete = {false};
        guard.run(() -> {
            if (!ensureSession(m) || window.phase() == ObservationWindow.Phase.FINISHED) {
                return;
            }
            if (!session.afterStep(window.iteration(), dl4jIteration, epoch)) {
                nonFinite("applied update");
            }
            double score = m.score();
            long iteration = window.iteration();
            complete[0] = window.afterStep(score, dl4jIteration, epoch);
            live.ifPresent(l -> l.afterIteration(session, window, iteration, score));
            progressLog.after(window);
        });
        if (complete[0] && !extended()) {
            finish("window end after " + window.length() + " iterations" + extensionNote, true);
        }
    }

    /**
     * At the end of a window that may extend itself: extends it when what it observed cannot be judged yet and the
     * cap allows ({@link WindowSufficiency}); records why it stopped otherwise.
     */
    private boolean extended() {
        if (config.window().extendUpTo() <= 0) {
            return false;
        }
        boolean[] more = {false};
        guard.run(() -> {
            OptionalLong need = WindowSufficiency.shortfall(session, window.iterationsObserved(),
                    config.judging().minEffectiveSampleSize());
            long added = need.isPresent() ? window.extend(need.getAsLong()) : 0;
            if (added > 0) {
                ReportPipeline.logExtended(window, added);
                more[0] = true;
            } else {
                extensionNote = window.extensions() == 0 ? "" : " (extended " + window.extensions() + " time(s) from "
                        + config.window().iterations() + "; " + (need.isPresent() ? "the cap extendWindowUpTo = "
                        + config.window().extendUpTo() + " was reached before the median ESS reached "
                        + config.judging().minEffectiveSampleSize() : "the median ESS reached "
                        + config.judging().minEffectiveSampleSize()) + ")";
            }
        });
        return more[0];
    }

    @Override
    public void onEpochEnd(Model m) {
        boolean[] complete = {false};
        guard.run(() -> {
            if (session != null && m == model) {
                session.dataOrder().epochEnded();
                complete[0] = window.epochEnded();
            }
        });
        if (complete[0]) {
            finish("training end after epoch " + (window.epochsDone() - 1), true);
        }
    }

    /**
     * Finalises now (on demand, e.g. after {@code fit} returned) unless the window already ended, and returns the
     * report.
     *
     * @throws IllegalStateException when no training iteration was seen yet, or the report could not be assembled
     */
    public ObservatoryReport report() {
        if (window.phase() == ObservationWindow.Phase.FINISHED) {
            if (lastReport == null) {
                throw new IllegalStateException("SGD Observatory could not assemble its report: " + assemblyFailure,
                        assemblyFailure);
            }
            return lastReport;
        }
        if (session == null) {
            throw new IllegalStateException("the listener has seen no training iteration yet: attach it with"
                    + " listener.attachTo(net) and call fit before report()"
                    + (guard.disabled() ? "; it was disabled: " + findings.list() : ""));
        }
        finish("on demand after " + window.iteration() + " iterations", false);
        return report();
    }

    /** The report of the last finalisation, if any. */
    public Optional<ObservatoryReport> lastReport() {
        return Optional.ofNullable(lastReport);
    }

    /** Number of samples that were NaN/Infinite and excluded. */
    public long nonFiniteSamples() {
        return nonFiniteSamples;
    }

    /** Where the window is: waiting, observing or finished. */
    public ObservationWindow.Phase phase() {
        return window.phase();
    }

    /**
     * Finalises: the pipeline's probe, predict, judge and report stages, the file, the log summary. From a training
     * callback a failure is recorded and logged, never thrown; {@link #report()} then explains it.
     */
    private void finish(String reason, boolean fromCallback) {
        window.finish(reason);
        ProgressLog.probing(window);
        try {
            lastReport = ReportPipeline.run(new ReportPipeline.Input(config, session, window, findings,
                    guard.nanos(), guard.calls(), nonFiniteSamples, (phase, message) -> live.ifPresent(l -> l.phase(
                    session, window, phase, message))));
            live.ifPresent(l -> l.finish(lastReport));
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            live.ifPresent(l -> l.phase(session, window, LiveSnapshot.LivePhase.FAILED, "the report could not be"
                    + " made: " + e));
            assemblyFailure = e instanceof RuntimeException r ? r : new IllegalStateException(e.toString(), e);
            ReportPipeline.logFailure(e);
            if (!fromCallback) {
                throw new IllegalStateException("SGD Observatory could not assemble its report: " + e, e);
            }
        }
    }

    private boolean ensureSession(Model m) {
        if (session != null) {
            if (m != model) {
                if (!findings.has(FindingCode.LISTENER_FAILURE)) {
                    findings.add(FindingCode.LISTENER_FAILURE, "this listener was added to a second network; it"
                            + " observes only the first (" + session.adapter() + "): create one listener per network");
                }
                return false;
            }
            return true;
        }
        NetworkAdapter adapter;
        try {
            adapter = NetworkAdapter.of(m);
        } catch (IllegalArgumentException e) {
            findings.add(FindingCode.NOT_OBSERVABLE, e.getMessage());
            guard.disable(e);
            return false;
        }
        model = m;
        session = new ObservationSession(config, adapter, findings);
        ReportPipeline.logAttached(session);
        return true;
    }

    private void nonFinite(String what) {
        nonFiniteSamples++;
        if (nonFiniteSamples == 1) {
            findings.add(FindingCode.NON_FINITE_GRADIENT, "NaN or infinite " + what + " first seen at iteration "
                    + window.iteration() + "; such samples are excluded from the statistics (lower the learning rate"
                    + " or check the data for NaN)");
        }
        if (config.stopOnNonFinite()) {
            throw new NonFiniteValuesException("SGD Observatory: NaN or infinite " + what + " at iteration "
                    + window.iteration() + " and stopOnNonFinite(true) was requested");
        }
    }

    @Override
    public String toString() {
        return "ObservatoryListener[" + config.window().start() + ", window " + config.window().iterations()
                + ", every " + config.window().every() + ", " + window.phase() + "]";
    }
}
