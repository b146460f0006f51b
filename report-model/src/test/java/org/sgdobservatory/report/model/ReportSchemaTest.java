package org.sgdobservatory.report.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published JSON Schemas: generated from the records (never hand-kept), accepting what the writer writes and
 * rejecting what the strict reader rejects. Run with {@code -Dobservatory.regenerateSchemas=true} to rewrite the
 * published files after a change of the records.
 */
class ReportSchemaTest {

    private static final Path RESOURCES = Path.of("src/main/resources/org/sgdobservatory/report/model");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ReportJson.OBSERVATORY_REPORT_SCHEMA, ReportJson.EXAMPLE_REPORT_SCHEMA})
    void thePublishedSchemasAreTheGeneratedOnes(String resource) throws IOException {
        boolean observatory = resource.equals(ReportJson.OBSERVATORY_REPORT_SCHEMA);
        ObjectNode generated = ReportSchemas.generate(observatory ? ObservatoryReport.class : ExampleReport.class,
                resource.replace(".schema.json", ""));
        if (Boolean.getBoolean("observatory.regenerateSchemas")) {
            Files.writeString(RESOURCES.resolve(resource), ReportJson.mapper().writeValueAsString(generated) + "\n");
        }
        assertTrue(generated.equals(SchemaReportValidator.published(resource)), resource + " is not the schema of the"
                + " current records: run this test with -Dobservatory.regenerateSchemas=true and commit the file");
    }

    @Test
    void theSampleReportsConform() {
        assertNoErrors(ReportJson.tree(SampleReports.listenerReport()), ObservatoryReport.class);
        assertNoErrors(ReportJson.tree(SampleReports.exampleReport()), ExampleReport.class);
    }

    @Test
    void violationsAreNamed() {
        assertViolation("a missing field", r -> r.remove("schemaVersion"));
        assertViolation("an unknown field", r -> r.put("extra", 1));
        assertViolation("an unknown enum value", r -> ((ObjectNode) r.get("dataOrder")).put("used", "SIDEWAYS"));
        assertViolation("a string for a number", r -> ((ObjectNode) r.get("cost")).put("callbackMillis", "fast"));
        assertViolation("a null list", r -> r.putNull("findings"));
        assertViolation("a null in a list of records", r -> ((ArrayNode) r.get("findings")).addNull());
    }

    @Test
    void nanAndEmptyOptionalsAreNullAndConform() {
        ObjectNode r = (ObjectNode) ReportJson.tree(SampleReports.listenerReport());
        ((ObjectNode) r.get("cost")).putNull("callbackMillis");
        r.putNull("directions");
        assertNoErrors(r, ObservatoryReport.class);
    }

    @Test
    void theRegisteredValidatorRejectsABadReport() {
        ObjectNode r = (ObjectNode) ReportJson.tree(SampleReports.listenerReport());
        r.remove("findings");
        ReportFormatException e = assertThrows(ReportFormatException.class,
                () -> new SchemaReportValidator().check(r, ObservatoryReport.class));
        assertTrue(e.getMessage().contains("findings"), "names the field: " + e.getMessage());
    }

    private static void assertNoErrors(JsonNode json, Class<?> type) {
        Set<ValidationMessage> errors = SchemaReportValidator.errors(json, type);
        assertTrue(errors.isEmpty(), type.getSimpleName() + " does not conform: " + errors);
    }

    private static void assertViolation(String what, Consumer<ObjectNode> edit) {
        ObjectNode r = (ObjectNode) ReportJson.tree(SampleReports.listenerReport());
        edit.accept(r);
        assertFalse(SchemaReportValidator.errors(r, ObservatoryReport.class).isEmpty(), what + " is not found");
    }
}
