package org.sgdobservatory.listener;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.sgdobservatory.listener.live.LiveFeed;
import org.sgdobservatory.listener.report.Findings;
import org.sgdobservatory.listener.report.ProgressLog;
import org.sgdobservatory.listener.report.ReportWarmUp;
import org.sgdobservatory.listener.sample.ObservationSession;
import org.sgdobservatory.listener.sample.ObservationWindow;
import org.sgdobservatory.report.model.ObservatoryReport;

/**
 * A Deeplearning4j {@code TrainingListener} that observes the stationary phase of training and compares the spread
 * of every tracked parameter with the theory of SGD noise. This class only routes DL4J's callbacks to the pipeline's
 * stages: sample ({@code listener.sample}: the window, the traces, the probe reservoir, the data order), then at the
 * window's end probe ({@code listener.probe}), predict ({@code listener.predict}), judge ({@code listener.judge}) and
 * report ({@code listener.report}). Its parts: {@code NetworkBinding} (the one observed network and its session),
 * {@code NonFiniteSamples}, {@code WindowExtender} and {@code ReportAssembly} (finalisation and the kept report).
 *
 * <p>Per sampled iteration it reads, in {@code onGradientCalculation}, the parameters before the step (and, with
 * {@code stopOnNonFinite(true)}, checks the raw minibatch gradient), and in {@code iterationDone} the parameters
 * after it ({@code docs/dl4j-behaviour.md} lists the DL4J behaviours this relies on). It never writes to the network, its gradient or ND4J's random generator, so
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
    private final NetworkBinding binding;
    private final NonFiniteSamples nonFinite;
    /** What is not finite when the directions' projection is not, for the finding. */
    private static final String PROJECTION = "projection of the parameters on the eigen-directions";
    private final WindowExtender extender;
    private final ReportAssembly assembly;
    private final Optional<LiveFeed> live;
    private final ProgressLog progressLog = new ProgressLog();
    /** Whether the report's warm-up was offered, once the window started ({@link ReportWarmUp}). */
    private boolean warmUpOffered;

    private ObservatoryListener(ObservatoryConfig config, Optional<LiveFeed> live) {
        this.config = Objects.requireNonNull(config, "config");
        this.window = new ObservationWindow(config.window());
        this.live = live;
        binding = new NetworkBinding(config, findings, guard);
        nonFinite = new NonFiniteSamples(findings, config.stopOnNonFinite());
        extender = new WindowExtender(config, window, guard);
        assembly = new ReportAssembly(config, window, findings, guard, live);
    }

    /** A builder with the defaults described on each method (the same as {@link ObservatoryConfig#builder()}). */
    public static ObservatoryBuilder builder() {
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
        binding.checkAttachable(net);
        net.addListeners(this);
        return this;
    }

    @Override
    public void onBackwardPass(Model m) {
        guard.run(() -> {
            if (binding.observes(m) || !binding.started() && binding.bind(m)) {
                binding.session().rememberLabels(window);
            }
        });
    }

    @Override
    public void onGradientCalculation(Model m) {
        guard.run(() -> {
            if (!binding.bind(m) || window.phase() == ObservationWindow.Phase.FINISHED) {
                return;
            }
            ObservationSession session = binding.session();
            boolean sampled = window.beforeStep();
            session.observeMiniBatch(window);
            if (!warmUpOffered && window.phase() == ObservationWindow.Phase.OBSERVING) {
                warmUpOffered = true;
                ReportWarmUp.maybeStart(config, session.sampler().tracked().size());
            }
            session.maybeFindDirections(window, window.dl4jIteration(), window.dl4jEpoch());
            // checked before DL4J applies the step, so stopOnNonFinite stops with the parameters intact
            if (sampled && !session.beforeStep(window.iteration())) {
                nonFinite.record("gradient or parameters before the step", window.iteration());
            }
        });
    }

    @Override
    public void iterationDone(Model m, int dl4jIteration, int epoch) {
        boolean[] complete = {false};
        guard.run(() -> {
            if (!binding.bind(m) || window.phase() == ObservationWindow.Phase.FINISHED) {
                return;
            }
            ObservationSession session = binding.session();
            if (!session.afterStep(window.iteration(), dl4jIteration, epoch)) {
                nonFinite.record("applied update", window.iteration());
            }
            session.directionsNonFinite(false).ifPresent(it -> nonFinite.record(PROJECTION, it));
            double score = m.score();
            long iteration = window.iteration();
            complete[0] = window.afterStep(score, dl4jIteration, epoch);
            live.ifPresent(l -> l.afterIteration(session, window, iteration, score));
            progressLog.after(window);
        });
        if (complete[0] && !extender.extend(binding.session())) {
            finish("window end after " + window.length() + " iterations" + extender.note(), true);
        }
    }

    @Override
    public void onEpochEnd(Model m) {
        boolean[] complete = {false};
        guard.run(() -> {
            if (binding.observes(m)) {
                binding.session().dataOrder().epochEnded();
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
            return assembly.report();
        }
        if (!binding.started()) {
            throw new IllegalStateException("the listener has seen no training iteration yet: attach it with"
                    + " listener.attachTo(net) and call fit before report()"
                    + (guard.disabled() ? "; it was disabled: " + findings.list() : ""));
        }
        finish("on demand after " + window.iteration() + " iterations", false);
        return report();
    }

    /** The report of the last finalisation, if any. */
    public Optional<ObservatoryReport> lastReport() {
        return assembly.lastReport();
    }

    /** Number of samples that were NaN/Infinite and excluded. */
    public long nonFiniteSamples() {
        return nonFinite.count();
    }

    /** Where the window is: waiting, observing or finished. */
    public ObservationWindow.Phase phase() {
        return window.phase();
    }

    /** Finalises ({@link ReportAssembly#finish}). */
    private void finish(String reason, boolean fromCallback) {
        // a projection still running in the background is counted before the report is; the report is written
        // before a stop the user asked for on non-finite values
        NonFiniteValuesException stop = null;
        try {
            guard.run(() -> {
                if (binding.session() != null) {
                    binding.session().directionsNonFinite(true).ifPresent(it -> nonFinite.record(PROJECTION, it));
                }
            });
        } catch (NonFiniteValuesException e) {
            stop = e;
        }
        assembly.finish(reason, fromCallback, binding.session(), nonFinite.count());
        if (stop != null && fromCallback) {
            throw stop;
        }
    }

    @Override
    public String toString() {
        return "ObservatoryListener[" + config.window().start() + ", window " + config.window().iterations()
                + ", every " + config.window().every() + ", " + window.phase() + "]";
    }
}
