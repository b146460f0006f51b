package org.sgdobservatory.report.model;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;

/**
 * Generates the JSON Schemas (draft 2020-12) of the report records with victools' generator, following what
 * {@link ReportJson} writes: every record component is required, no other property is allowed (the reader is strict),
 * every number may be {@code null} (NaN, also inside lists and maps), an {@code Optional} is its value or
 * {@code null}, enums are their names, the listener's configuration is free-form JSON.
 * The generated schemas are the published ones; {@code ReportSchemaTest} checks they are current.
 */
final class ReportSchemas {

    private ReportSchemas() {
    }

    /** The schema of {@code type} ({@link ObservatoryReport} or {@link ExampleReport}). */
    static ObjectNode generate(Class<?> type, String title) {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(ReportJson.mapper(),
                SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule())
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.DEFINITIONS_FOR_ALL_OBJECTS,
                        Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        config.forFields().withRequiredCheck(f -> true)
                .withNullableCheck(f -> f.getDeclaredType().getErasedType() == Optional.class);
        // free-form JSON (the listener's configuration): any value
        config.forTypesInGeneral().withCustomDefinitionProvider((javaType, context) ->
                JsonNode.class.isAssignableFrom(javaType.getErasedType())
                        ? new CustomDefinition(context.getGeneratorConfig().createObjectNode(),
                        CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO)
                        : null);
        config.forFields().withTargetTypeOverridesResolver(f -> {
            if (f.getType().getErasedType() == Optional.class) {
                return java.util.List.of(f.getTypeParameterFor(Optional.class, 0));
            }
            return null;
        });
        ObjectNode schema = new SchemaGenerator(config.build()).generateSchema(type);
        allowNullNumbers(schema);
        ObjectNode out = ReportJson.mapper().createObjectNode();
        out.put("$schema", SchemaVersion.DRAFT_2020_12.getIdentifier());
        out.put("$id", "https://sgdobservatory.org/schema/" + title + ".schema.json");
        out.put("title", title);
        out.setAll(schema);
        return out;
    }

    /** Every {@code "type": "number"} becomes {@code ["number", "null"]}: NaN is written as null, also in lists. */
    private static void allowNullNumbers(JsonNode node) {
        if (node instanceof ObjectNode o && o.path("type").isTextual() && o.get("type").asText().equals("number")) {
            o.set("type", o.arrayNode().add("number").add("null"));
        }
        node.forEach(ReportSchemas::allowNullNumbers);
    }
}
