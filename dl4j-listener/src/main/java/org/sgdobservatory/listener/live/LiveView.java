package org.sgdobservatory.listener.live;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.sgdobservatory.report.html.HtmlReport;
import org.sgdobservatory.report.html.LivePage;
import org.sgdobservatory.report.model.ExampleReport;
import org.sgdobservatory.report.model.LiveSnapshot;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ReportJson;

/**
 * The live view's HTTP server, on the JDK's own {@code com.sun.net.httpserver} (no dependency), one daemon thread:
 * {@code /} serves the live page until the report exists and the report page after; {@code /snapshot.json} the
 * latest {@link LiveSnapshot}; {@code /report.json} the report once it exists. Bound when the listener is built (a
 * port in use fails there), stopped by {@link #close()}; its thread never keeps the JVM alive. A request marks the
 * view as watched for {@value #WATCHED_SECONDS} s, and only a watched view gets fresh snapshots. Thread-safe: the
 * training thread publishes, the server thread reads volatile fields.
 */
public final class LiveView implements AutoCloseable {

    /** Seconds a request keeps the view watched. */
    static final int WATCHED_SECONDS = 5;

    private final HttpServer server;
    private final ExecutorService executor;
    private final String livePage;
    private volatile LiveSnapshot snapshot;
    private volatile String reportPage;
    private volatile String reportJson;
    private volatile long lastRequestNanos = System.nanoTime() - 2_000_000_000L * WATCHED_SECONDS;

    private LiveView(HttpServer server, ExecutorService executor, String title, LiveSnapshot first) {
        this.server = server;
        this.executor = executor;
        this.livePage = LivePage.render(title);
        this.snapshot = first;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Binds {@code address:port} (port 0 = any free port) and starts serving.
     *
     * @param title the page's title
     * @param first the snapshot served until the first one is published
     * @throws IOException when the address cannot be bound (e.g. the port is in use)
     */
    public static LiveView start(String address, int port, String title, LiveSnapshot first) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sgd-observatory-live-view");
            t.setDaemon(true);
            return t;
        });
        return new LiveView(server, executor, title, first);
    }

    /** The page's address. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/");
    }

    /** Whether a page asked for something in the last {@value #WATCHED_SECONDS} seconds. */
    public boolean watched() {
        return System.nanoTime() - lastRequestNanos < 1_000_000_000L * WATCHED_SECONDS;
    }

    /** Serves {@code s} from now on. */
    public void publish(LiveSnapshot s) {
        snapshot = s;
    }

    /** The snapshot being served. */
    public LiveSnapshot snapshot() {
        return snapshot;
    }

    /** Serves the report (its page at {@code /}, its JSON at {@code /report.json}) and its final snapshot. */
    public void finish(ObservatoryReport report, LiveSnapshot last) {
        reportJson = ReportJson.write(report);
        reportPage = HtmlReport.render(report);
        snapshot = last;
    }

    /**
     * Serves an example report (its page, all its runs, at {@code /}; its JSON at {@code /report.json}) and
     * {@code last} as the snapshot: for a command line that trains several runs, each under its own listener, and
     * shows all of them at the end.
     */
    public void finish(ExampleReport report, LiveSnapshot last) {
        reportJson = ReportJson.write(report);
        reportPage = HtmlReport.render(report);
        snapshot = last;
    }

    /** Stops serving (at once; idempotent). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        lastRequestNanos = System.nanoTime();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "text/plain", "only GET");
            } else if (path.equals("/") || path.equals("/index.html")) {
                String page = reportPage;
                send(exchange, 200, "text/html", page != null ? page : livePage);
            } else if (path.equals("/snapshot.json")) {
                send(exchange, 200, "application/json", json(snapshot));
            } else if (path.equals("/report.json") && reportJson != null) {
                send(exchange, 200, "application/json", reportJson);
            } else {
                send(exchange, 404, "text/plain", "not found: " + path);
            }
        }
    }

    private static String json(LiveSnapshot s) throws JsonProcessingException {
        return ReportJson.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
