package org.sgdobservatory.listener.report;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes an {@link ObservatoryReport} as strict JSON: NaN and infinities are written as {@code null}, and
 * each field where that happened gets a {@code NON_FINITE_VALUE} finding in the written document (one per
 * field name, with a count and an example JSON pointer). {@code Optional}s are written as their value or
 * {@code null}. Files are written atomically: to a temporary file in the target directory, then moved.
 *
 * <p>Thread-safe: each call uses its own state.
 */
public final class ReportWriter {

    /** Creates a writer. */
    public ReportWriter() {
    }

    /** The report as a strict-JSON tree, with the non-finite findings appended. */
    public JsonNode toTree(ObservatoryReport report) {
        List<String> pointers = new ArrayList<>();
        ObjectMapper mapper = mapper(pointers);
        ObjectNode tree = mapper.valueToTree(report);
        Map<String, List<String>> byField = new LinkedHashMap<>();
        for (String p : pointers) {
            String field = p.substring(p.lastIndexOf('/') + 1);
            byField.computeIfAbsent(field, k -> new ArrayList<>()).add(p);
        }
        ArrayNode findings = (ArrayNode) tree.get("findings");
        for (Map.Entry<String, List<String>> e : byField.entrySet()) {
            ObjectNode f = findings.addObject();
            f.put("severity", Finding.Severity.INFO.name());
            f.put("code", "NON_FINITE_VALUE");
            f.put("message", "'" + e.getKey() + "' was NaN or infinite (not estimable or not predicted) in "
                    + e.getValue().size() + " place(s), written as null; e.g. " + e.getValue().get(0));
        }
        return tree;
    }

    /** The report as a strict-JSON string (pretty-printed). */
    public String toJson(ObservatoryReport report) {
        try {
            return mapper(new ArrayList<>()).writerWithDefaultPrettyPrinter().writeValueAsString(toTree(report));
        } catch (IOException e) {
            throw new IllegalStateException("could not serialise the report: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the report atomically: a temporary file next to {@code path}, then a move over it.
     *
     * @throws IOException when the directory cannot be created or written
     */
    public void write(ObservatoryReport report, Path path) throws IOException {
        writeAtomically(path, toJson(report));
    }

    /**
     * Writes {@code text} (UTF-8) to {@code path} atomically: a temporary file in the same directory (created if
     * missing), made readable by others ({@code rw-r--r--}, as an output file should be; temporary files are
     * created owner-only), then moved over {@code path}. Readers never see a half-written file.
     *
     * @return the absolute path written
     * @throws IOException when the directory cannot be created or written
     */
    public static Path writeAtomically(Path path, String text) throws IOException {
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, java.nio.charset.StandardCharsets.UTF_8);
            if (Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return abs;
    }

    private static ObjectMapper mapper(List<String> pointers) {
        SimpleModule m = new SimpleModule("strict-json");
        JsonSerializer<Double> doubles = new JsonSerializer<>() {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider sp) throws IOException {
                if (value == null || !Double.isFinite(value)) {
                    pointers.add(gen.getOutputContext().pathAsPointer().toString());
                    gen.writeNull();
                } else {
                    gen.writeNumber(value);
                }
            }
        };
        m.addSerializer(Double.class, doubles);
        m.addSerializer(double.class, doubles);
        @SuppressWarnings({"rawtypes", "unchecked"})
        JsonSerializer<Optional> optionals = new JsonSerializer<>() {
            @Override
            public void serialize(Optional value, JsonGenerator gen, SerializerProvider sp) throws IOException {
                if (value.isPresent()) {
                    sp.defaultSerializeValue(value.get(), gen);
                } else {
                    gen.writeNull();
                }
            }
        };
        m.addSerializer(Optional.class, optionals);
        return new ObjectMapper().registerModule(m).disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }
}
