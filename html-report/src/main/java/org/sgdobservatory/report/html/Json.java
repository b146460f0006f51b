package org.sgdobservatory.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Tolerant reads from the report's JSON tree: absent fields, JSON {@code null}, strings where numbers
 * belong and non-finite numbers all read as "absent" (NaN, empty list, empty Optional), because the
 * renderer must draw whatever part of a report exists. Stateless and thread-safe.
 */
final class Json {

    private Json() {
    }

    /** The finite number at {@code node}, or NaN. */
    static double number(JsonNode node) {
        if (node != null && node.isNumber()) {
            double v = node.asDouble();
            return Double.isFinite(v) ? v : Double.NaN;
        }
        return Double.NaN;
    }

    /** The finite number at {@code parent.field}, or NaN. */
    static double number(JsonNode parent, String field) {
        return parent == null ? Double.NaN : number(parent.get(field));
    }

    /** The text at {@code parent.field} if it is a non-empty string (or number, as text). */
    static Optional<String> text(JsonNode parent, String field) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || !n.isValueNode() || n.isNull()) {
            return Optional.empty();
        }
        String s = n.asText();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** The elements of the array at {@code parent.field}; empty when absent or not an array. */
    static List<JsonNode> array(JsonNode parent, String field) {
        JsonNode n = parent == null ? null : parent.get(field);
        List<JsonNode> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(out::add);
        }
        return out;
    }

    /** The object at {@code parent.field}, if it is one. */
    static Optional<JsonNode> object(JsonNode parent, String field) {
        JsonNode n = parent == null ? null : parent.get(field);
        return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
    }

    /** The boolean at {@code parent.field}, if it is one. */
    static Optional<Boolean> bool(JsonNode parent, String field) {
        JsonNode n = parent == null ? null : parent.get(field);
        return n != null && n.isBoolean() ? Optional.of(n.asBoolean()) : Optional.empty();
    }
}
