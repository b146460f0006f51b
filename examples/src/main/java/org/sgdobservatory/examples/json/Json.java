package org.sgdobservatory.examples.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Builds strict JSON trees: every number written through these helpers is finite, and a NaN or an
 * infinity (a diverged run, a statistic that could not be estimated) becomes {@code null}, so any
 * RFC 8259 parser reads the output. Stateless and thread-safe.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** A new empty object. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Puts {@code value}, or {@code null} if it is not finite. */
    public static ObjectNode put(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
        return node;
    }

    /** Puts the value, or {@code null} if it is absent or not finite. */
    public static ObjectNode put(ObjectNode node, String key, OptionalDouble value) {
        return value.isPresent() ? put(node, key, value.getAsDouble()) : node.putNull(key);
    }

    /** Puts an array of numbers, each non-finite entry as {@code null}. */
    public static ObjectNode putArray(ObjectNode node, String key, double[] values) {
        ArrayNode array = node.putArray(key);
        for (double v : values) {
            add(array, v);
        }
        return node;
    }

    /** Puts an array of optional numbers: an absent or non-finite entry is {@code null}. */
    public static ObjectNode putOptionalArray(ObjectNode node, String key, List<OptionalDouble> values) {
        ArrayNode array = node.putArray(key);
        for (OptionalDouble v : values) {
            if (v.isPresent()) {
                add(array, v.getAsDouble());
            } else {
                array.addNull();
            }
        }
        return node;
    }

    /** Puts an array of optional strings ({@code null} when absent). */
    public static ObjectNode putOptionalStrings(ObjectNode node, String key, List<Optional<String>> values) {
        ArrayNode array = node.putArray(key);
        values.forEach(v -> {
            if (v.isPresent()) {
                array.add(v.get());
            } else {
                array.addNull();
            }
        });
        return node;
    }

    /** Puts an array of strings. */
    public static ObjectNode putStrings(ObjectNode node, String key, List<String> values) {
        ArrayNode array = node.putArray(key);
        values.forEach(array::add);
        return node;
    }

    /** Appends {@code value}, or {@code null} if it is not finite. */
    public static void add(ArrayNode array, double value) {
        if (Double.isFinite(value)) {
            array.add(value);
        } else {
            array.addNull();
        }
    }

    /** Pretty-printed JSON text. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise a JSON tree: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses JSON text (used by tests and by re-reading saved reports). */
    public static JsonNode read(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }
}
