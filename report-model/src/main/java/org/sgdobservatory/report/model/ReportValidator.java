package org.sgdobservatory.report.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A check run on every report {@link ReportJson} serialises, found with {@link java.util.ServiceLoader} (none is
 * registered by default, so writing costs nothing extra). The project's tests register one that validates against the
 * published JSON Schemas ({@code observatory-report.schema.json} and {@code example-report.schema.json} in this
 * package's resources), so every report written in the test suite is checked; a downstream tool can register its own.
 * Implementations must be thread-safe.
 */
public interface ReportValidator {

    /**
     * Checks the JSON form of a report.
     *
     * @param json the report as written
     * @param type the report's record type ({@link ObservatoryReport} or {@link ExampleReport})
     * @throws ReportFormatException naming what does not conform
     */
    void check(JsonNode json, Class<?> type);
}
