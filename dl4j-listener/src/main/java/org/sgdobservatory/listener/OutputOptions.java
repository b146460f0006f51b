package org.sgdobservatory.listener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The output options of an {@link ObservatoryBuilder} (where the report goes: the JSON file, its page and its CSV
 * rows, and the live view): their defaults and the check of each value as it is set, throwing an
 * {@link ObservatorySetupException} naming the option, the value and the remedy. Mutable; not thread-safe.
 */
final class OutputOptions {
    private Optional<Path> reportFile = Optional.empty();
    private boolean htmlReport = true;
    private int jsonParameterRows = ObservatoryBuilder.DEFAULT_JSON_PARAMETER_ROWS;
    private int livePort = -1;
    private String liveAddress = "127.0.0.1";

    void reportFile(Path file) {
        ObservatorySetupException.require(file != null, "reportFile", "null", "a file path",
                "e.g. Path.of(\"observatory/report.json\")");
        ObservatorySetupException.require(file.getFileName() != null && !file.getFileName().toString().isEmpty(),
                "reportFile", "'" + file + "'", "a path that names a file", "e.g. Path.of(\"observatory/report.json\")");
        ObservatorySetupException.require(!Files.isDirectory(file), "reportFile", file,
                "a file, not an existing directory", "give a file in it, e.g. " + file.resolve("report.json"));
        this.reportFile = Optional.of(file);
    }

    void htmlReport(boolean write) {
        this.htmlReport = write;
    }

    void jsonParameterRows(int rows) {
        ObservatorySetupException.require(rows >= 0, "jsonParameterRows", rows, ">= 0",
                "0 writes every per-parameter row to the CSV file, the default is "
                        + ObservatoryBuilder.DEFAULT_JSON_PARAMETER_ROWS);
        this.jsonParameterRows = rows;
    }

    void liveView(int port) {
        ObservatorySetupException.require(port >= 0 && port <= 65_535, "liveView", port, "a TCP port in 0..65535"
                + " (0 = any free port)", "0 takes any free port; see liveViewUri() for the one bound");
        this.livePort = port;
    }

    void liveViewAddress(String address) {
        ObservatorySetupException.require(address != null && !address.isBlank(), "liveViewAddress", address,
                "a host name or IP address", "e.g. 127.0.0.1 or 0.0.0.0");
        this.liveAddress = address;
    }

    Optional<Path> reportFile() {
        return reportFile;
    }

    boolean htmlReport() {
        return htmlReport;
    }

    int jsonParameterRows() {
        return jsonParameterRows;
    }

    /** The live view's address, empty when {@code liveView} was not called. */
    Optional<ObservatoryConfig.Live> live() {
        return livePort < 0 ? Optional.empty() : Optional.of(new ObservatoryConfig.Live(livePort, liveAddress));
    }
}
