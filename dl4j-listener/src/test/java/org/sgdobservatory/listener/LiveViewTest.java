package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.sgdobservatory.report.html.ReportBrowserCheck;
import org.sgdobservatory.report.model.LiveSnapshot;
import org.sgdobservatory.report.model.ReportJson;

/**
 * The live view on a short run: the snapshots advance WAITING, OBSERVING, (PROBING, REPORTING,) DONE; headless
 * Chromium shows the live page in the waiting and observing phases and the report page at the same address at the
 * end; {@code close()} stops the server; a second listener on the same port fails in {@code build()}.
 */
class LiveViewTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Pauses training in {@code iterationDone} at given iterations (after the observatory's callback). */
    private static final class Gate extends BaseTrainingListener {
        private final int slowAt;
        private final int pauseAt;
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Gate(int slowAt, int pauseAt) {
            this.slowAt = slowAt;
            this.pauseAt = pauseAt;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            try {
                if (iteration == slowAt) {
                    Thread.sleep(1_200); // > the live view's 1 s period: the next iteration publishes a snapshot
                } else if (iteration == pauseAt) {
                    paused.countDown();
                    release.await(120, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void thePageFollowsTheRunAndEndsOnTheReport() throws Exception {
        ReportBrowserCheck.assumeChromium();
        LinearRegressionFixture fx = new LinearRegressionFixture(200, 3, new double[] {1, -1, 0.5}, 0.3, 5);
        MultiLayerNetwork net = fx.mln(new Sgd(0.05), 1);
        ObservatoryListener listener = ObservatoryListener.builder().liveView(0).startAtIteration(200)
                .windowIterations(600).directions(2).closeUps(1).seed(3).build().attachTo(net);
        Gate gate = new Gate(498, 500);
        net.addListeners(gate);
        URI uri = listener.liveViewUri().orElseThrow();
        List<LiveSnapshot.LivePhase> phases = new ArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> poller = pool.submit(() -> {
                while (polling.get()) {
                    LiveSnapshot s = snapshot(uri);
                    if (phases.isEmpty() || phases.get(phases.size() - 1) != s.phase()) {
                        phases.add(s.phase());
                    }
                    Thread.sleep(100);
                }
                return null;
            });
            Future<?> training = pool.submit(() -> net.fit(new SamplingIterator(fx.dataSet(DataType.FLOAT), 10, 900,
                    SamplingIterator.Order.IID, 7)));
            assertTrue(gate.paused.await(120, TimeUnit.SECONDS), "training reached the pause");
            ReportBrowserCheck.RenderedPage live = ReportBrowserCheck.open(uri);
            assertEquals(0, live.errors(), "live page script errors: " + live.errorMessages());
            assertTrue(live.dom().contains("data-phase=\"OBSERVING\""), "the live page shows the observing phase");
            assertTrue(live.text().contains("0_W"), "the live page lists the parameter groups");
            LiveSnapshot observing = snapshot(uri);
            assertEquals(LiveSnapshot.LivePhase.OBSERVING, observing.phase(), "phase at the pause");
            assertFalse(observing.groups().isEmpty(), "running estimates per group");
            assertTrue(observing.groups().get(0).medianEffectiveSampleSize() > 0, "with their ESS");
            assertTrue(observing.loss().loss().size() > 100, "the loss curve so far");
            gate.release.countDown();
            training.get(180, TimeUnit.SECONDS);
            Thread.sleep(300);
            polling.set(false);
            poller.get(10, TimeUnit.SECONDS);
            assertEquals(LiveSnapshot.LivePhase.WAITING, phases.get(0), "first phase: " + phases);
            assertTrue(phases.contains(LiveSnapshot.LivePhase.OBSERVING), "observing seen: " + phases);
            assertEquals(LiveSnapshot.LivePhase.DONE, phases.get(phases.size() - 1), "last phase: " + phases);
            assertTrue(phases.indexOf(LiveSnapshot.LivePhase.OBSERVING) < phases.indexOf(LiveSnapshot.LivePhase.DONE),
                    "in order: " + phases);
            ReportBrowserCheck.RenderedPage report = ReportBrowserCheck.assertPageReadsEverything(uri);
            assertTrue(report.planned() > 0, "the same address now serves the report page, with its charts");
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(uri.resolve("report.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "the report's JSON is served");
        } finally {
            polling.set(false);
            gate.release.countDown();
            pool.shutdownNow();
            listener.close();
        }
        assertThrows(ConnectException.class, () -> HTTP.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()), "close() stops the server");
    }

    @Test
    void aSecondListenerOnTheSamePortFailsInBuild() {
        try (ObservatoryListener first = ObservatoryListener.builder().liveView(0).build()) {
            int port = first.liveViewUri().orElseThrow().getPort();
            ObservatorySetupException e = assertThrows(ObservatorySetupException.class,
                    () -> ObservatoryListener.builder().liveView(port).build());
            assertTrue(e.getMessage().startsWith("liveView") && e.getMessage().contains(String.valueOf(port)),
                    "names the option and the port: " + e.getMessage());
        }
    }

    @Test
    void withoutLiveViewNothingListens() {
        try (ObservatoryListener listener = ObservatoryListener.builder().build()) {
            assertTrue(listener.liveViewUri().isEmpty(), "no live view unless asked for");
        }
    }

    private static LiveSnapshot snapshot(URI uri) throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(uri.resolve("snapshot.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return ReportJson.mapper().readValue(body, LiveSnapshot.class);
    }
}
