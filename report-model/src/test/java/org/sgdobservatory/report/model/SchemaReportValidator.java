package org.sgdobservatory.report.model;

import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Validates every report {@link ReportJson} writes in the tests against the published JSON Schemas, with networknt's
 * json-schema-validator (registered through {@code META-INF/services} in this module's test-jar, so the tests of every
 * module that writes reports use it). Thread-safe.
 */
public final class SchemaReportValidator implements ReportValidator {

    /** The schemas, read on first use. */
    private static final class Schemas {
        static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        static final JsonSchema OBSERVATORY = FACTORY.getSchema(
                published(ReportJson.OBSERVATORY_REPORT_SCHEMA));
        static final JsonSchema EXAMPLE = FACTORY.getSchema(published(ReportJson.EXAMPLE_REPORT_SCHEMA));
    }

    /** Used by the service loader. */
    public SchemaReportValidator() {
    }

    @Override
    public void check(JsonNode json, Class<?> type) {
        Set<ValidationMessage> errors = errors(json, type);
        if (!errors.isEmpty()) {
            throw new ReportFormatException("the " + type.getSimpleName() + " does not conform to its JSON Schema: "
                    + errors.stream().map(ValidationMessage::getMessage).sorted().limit(10)
                    .collect(Collectors.joining("; ")));
        }
    }

    /** The schema violations of {@code json} as a {@code type}. */
    static Set<ValidationMessage> errors(JsonNode json, Class<?> type) {
        JsonSchema schema = type == ExampleReport.class ? Schemas.EXAMPLE : Schemas.OBSERVATORY;
        return schema.validate(json);
    }

    /** The published schema of {@code resource}, read from the class path. */
    static JsonNode published(String resource) {
        try (var in = ReportJson.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no schema resource " + resource + " beside ReportJson");
            }
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
