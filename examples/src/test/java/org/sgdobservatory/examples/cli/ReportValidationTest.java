package org.sgdobservatory.examples.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.sgdobservatory.report.model.ReportValidator;

/**
 * Every report the command line writes in these tests goes through {@code ReportJson}, which runs the registered
 * validators; this test checks that the JSON Schema validator is registered here, so that a report of {@code run} or
 * {@code attach} not conforming to the published schema fails the test that made it (a failed write exits 1).
 */
class ReportValidationTest {

    @Test
    void theSchemaValidatorChecksEveryReportOfTheseTests() {
        boolean registered = ServiceLoader.load(ReportValidator.class).stream()
                .anyMatch(p -> p.type().getSimpleName().equals("SchemaReportValidator"));
        assertTrue(registered, "report-model's test-jar (SchemaReportValidator) must be on this module's test path");
    }
}
