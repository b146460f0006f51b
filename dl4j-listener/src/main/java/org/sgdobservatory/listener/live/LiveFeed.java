package org.sgdobservatory.listener.live;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.sgdobservatory.listener.sample.ObservationSession;
import org.sgdobservatory.listener.sample.ObservationWindow;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.LiveSnapshot;
import org.sgdobservatory.report.model.ObservatoryReport;

/**
 * Feeds the {@link LiveView} from the training thread: records the loss of every iteration (a few hundred points
 * kept), builds a snapshot at most once per second while the view is watched (nothing otherwise: an unwatched view
 * costs a clock read per iteration), and publishes the phases of the window's end and the report. Not thread-safe:
 * call it from the training thread only.
 */
public final class LiveFeed implements AutoCloseable {

    private static final long PERIOD_NANOS = 1_000_000_000L;

    private final LiveView view;
    private final LossHistory loss = new LossHistory();
    private long lastNanos = System.nanoTime() - PERIOD_NANOS;

    private LiveFeed(LiveView view) {
        this.view = view;
    }

    /**
     * Starts a live view on {@code address:port}.
     *
     * @throws IOException when the address cannot be bound
     */
    public static LiveFeed start(String address, int port) throws IOException {
        LiveSnapshot first = new LiveSnapshot(LiveSnapshot.LivePhase.WAITING, 0, -1, 0, 0,
                new ExampleReport.LossCurve(List.of(), List.of()), Optional.empty(), List.of(), List.of(),
                Optional.empty(), "waiting for the first training iteration");
        return new LiveFeed(LiveView.start(address, port, "training run", first));
    }

    /** The page's address. */
    public URI uri() {
        return view.uri();
    }

    /** After each training iteration: records the loss and, when watched and due, publishes a snapshot. */
    public void afterIteration(ObservationSession session, ObservationWindow window, long iteration, double score) {
        loss.add(iteration, score);
        long now = System.nanoTime();
        if (now - lastNanos >= PERIOD_NANOS && view.watched()) {
            lastNanos = now;
            view.publish(Snapshots.during(session, window, loss));
        }
    }

    /**
     * Publishes a phase of the window's end: with the statistics as they are now when a page is watching, else as
     * last published.
     */
    public void phase(ObservationSession session, ObservationWindow window, LiveSnapshot.LivePhase phase,
                      String message) {
        LiveSnapshot base = view.watched() && session != null ? Snapshots.during(session, window, loss)
                : view.snapshot();
        view.publish(base.in(phase, message));
    }

    /** Serves the report. */
    public void finish(ObservatoryReport report) {
        view.finish(report, Snapshots.done(view.snapshot(), report));
    }

    /** Stops serving. */
    @Override
    public void close() {
        view.close();
    }
}
