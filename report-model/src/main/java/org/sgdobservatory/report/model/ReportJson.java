package org.sgdobservatory.report.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

/**
 * The strict JSON form of the report records: every number finite or {@code null} (RFC 8259 has no NaN), NaN written
 * as {@code null} and read back as NaN, {@code Optional} written as its value or {@code null}. Reading is strict: an
 * unknown field, a missing field or a wrong type fails with one line naming the field and what to do, so a change of
 * the schema never goes unnoticed. Thread-safe.
 */
public final class ReportJson {

    private static final ObjectMapper MAPPER = build();

    private ReportJson() {
    }

    /** The mapper behind this class (configured as described above); do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper build() {
        SimpleModule strict = new SimpleModule("strict-numbers");
        JsonSerializer<Double> doubles = new JsonSerializer<>() {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider sp) throws IOException {
                if (value == null || !Double.isFinite(value)) {
                    gen.writeNull();
                } else {
                    gen.writeNumber(value);
                }
            }
        };
        strict.addSerializer(Double.class, doubles);
        strict.addSerializer(double.class, doubles);
        JsonDeserializer<Double> nullIsNaN = new JsonDeserializer<>() {
            @Override
            public Double deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                return p.getValueAsDouble();
            }

            @Override
            public Double getNullValue(DeserializationContext ctx) {
                return Double.NaN;
            }
        };
        strict.addDeserializer(Double.class, nullIsNaN);
        strict.addDeserializer(double.class, nullIsNaN);
        // doubles by the Schubfach algorithm: the shortest decimal that reads back to the same double (JDK 17's
        // Double.toString, Jackson's default, sometimes gives a digit more) at several times its speed; the parameter
        // table and the page's embedded JSON format millions of them
        JsonFactory factory = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
        return new ObjectMapper(factory).registerModule(new Jdk8Module()).registerModule(strict)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
    }

    /** The JSON Schema resource of {@link ObservatoryReport}, beside this class. */
    public static final String OBSERVATORY_REPORT_SCHEMA = "observatory-report.schema.json";

    /** The JSON Schema resource of {@link ExampleReport}, beside this class. */
    public static final String EXAMPLE_REPORT_SCHEMA = "example-report.schema.json";

    /** The registered validators, loaded on first use (not while this class initialises: they may use it). */
    private static final class Validators {
        static final List<ReportValidator> ALL = ServiceLoader.load(ReportValidator.class,
                ReportJson.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
    }

    /**
     * The record as pretty-printed strict JSON; a report record ({@link ObservatoryReport}, {@link ExampleReport}) is
     * first checked by every registered {@link ReportValidator}.
     *
     * @throws ReportFormatException when a validator rejects the report
     */
    public static String write(Object report) {
        check(report);
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise the report: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Runs every registered {@link ReportValidator} on a report record ({@link ObservatoryReport},
     * {@link ExampleReport}); nothing for other objects or when none is registered.
     *
     * @throws ReportFormatException when a validator rejects the report
     */
    public static void check(Object report) {
        if ((report instanceof ObservatoryReport || report instanceof ExampleReport) && !Validators.ALL.isEmpty()) {
            JsonNode json = tree(report);
            for (ReportValidator v : Validators.ALL) {
                v.check(json, report.getClass());
            }
        }
    }

    /** The record as a JSON tree. */
    public static JsonNode tree(Object report) {
        return MAPPER.valueToTree(report);
    }

    /** Writes the record to {@code path} atomically ({@link AtomicFiles}). */
    public static Path writeFile(Object report, Path path) throws IOException {
        return AtomicFiles.write(path, write(report) + "\n");
    }

    /**
     * Reads a listener report.
     *
     * @throws ReportFormatException naming what is wrong: not JSON, a wrong {@code schemaVersion}, an unknown or
     *     missing field, a wrong type
     */
    public static ObservatoryReport readObservatoryReport(String json) {
        JsonNode tree = parse(json);
        if (tree.has("kind")) {
            throw new ReportFormatException("this is an example report (kind " + tree.get("kind") + "), not a"
                    + " listener report; read it with readExampleReport");
        }
        checkVersion(tree, "schemaVersion", ObservatoryReport.SCHEMA_VERSION, "listener report");
        return convert(tree, ObservatoryReport.class);
    }

    /**
     * Reads an example report (the command line's envelope).
     *
     * @throws ReportFormatException naming what is wrong
     */
    public static ExampleReport readExampleReport(String json) {
        JsonNode tree = parse(json);
        JsonNode kind = tree.get("kind");
        if (kind == null || !ExampleReport.KIND.equals(kind.asText())) {
            throw new ReportFormatException("'kind' is " + (kind == null ? "missing" : kind) + ", not '"
                    + ExampleReport.KIND + "': not an example report");
        }
        checkVersion(tree, "schemaVersion", ExampleReport.SCHEMA_VERSION, "example report");
        for (JsonNode run : tree.path("runs")) {
            checkVersion(run.path("observatory"), "schemaVersion", ObservatoryReport.SCHEMA_VERSION,
                    "listener report of run '" + run.path("label").asText("?") + "'");
        }
        return convert(tree, ExampleReport.class);
    }

    /**
     * Reads a report of either kind: an {@link ExampleReport} when the JSON has a {@code kind}, else an
     * {@link ObservatoryReport}.
     *
     * @throws ReportFormatException naming what is wrong
     */
    public static Object read(String json) {
        return parse(json).has("kind") ? readExampleReport(json) : readObservatoryReport(json);
    }

    /**
     * Reads a file written by the listener or the command line, whichever it is. A listener report whose per-parameter
     * rows are in a sidecar file ({@link ObservatoryReport#parameterSidecar()}) gets them back in
     * {@link ObservatoryReport#parameters()}.
     *
     * @return an {@link ExampleReport}, or an example-free {@link ObservatoryReport}
     * @throws ReportFormatException naming what is wrong, including a missing or unreadable file or sidecar
     */
    public static Object readFile(Path path) {
        String json;
        try {
            json = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ReportFormatException(path + " does not exist; give the path of a report.json");
        } catch (IOException e) {
            throw new ReportFormatException("cannot read " + path + ": " + e.getMessage());
        }
        Object report = read(json);
        if (report instanceof ObservatoryReport r && r.parameterSidecar().isPresent() && r.parameters().isEmpty()) {
            ParameterSidecar sidecar = r.parameterSidecar().get();
            Path file = path.toAbsolutePath().resolveSibling(sidecar.file());
            List<ParameterReport> rows = readParameterSidecar(file);
            if (rows.size() != sidecar.rows()) {
                throw new ReportFormatException(file + " holds " + rows.size() + " rows, the report says "
                        + sidecar.rows() + "; it belongs to another report: write the report again");
            }
            return r.withParameters(rows, r.parameterSidecar());
        }
        return report;
    }

    /**
     * Reads a per-parameter sidecar file ({@link ParameterSidecar}): gzipped {@link ParameterCsv}, whose name ends in
     * the CRC-32C of its bytes, which is checked.
     *
     * @throws ReportFormatException when the file is missing, damaged, or not such a table
     */
    public static List<ParameterReport> readParameterSidecar(Path file) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        try (java.io.InputStream in = new java.util.zip.CheckedInputStream(Files.newInputStream(file), crc)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (NoSuchFileException e) {
            throw new ReportFormatException("the report's per-parameter rows are in " + file.getFileName()
                    + ", which is missing in " + file.getParent() + "; keep it beside the report file");
        } catch (IOException e) {
            throw new ReportFormatException("cannot read the per-parameter rows in " + file + ": " + e.getMessage());
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\.([0-9a-f]{8})\\.csv\\.gz$")
                .matcher(file.getFileName().toString());
        if (m.find() && Long.parseLong(m.group(1), 16) != crc.getValue()) {
            throw new ReportFormatException(file + " does not have the checksum its name says (" + m.group(1) + ", read "
                    + String.format("%08x", crc.getValue()) + "): it was truncated, changed or damaged; write the"
                    + " report again");
        }
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return ParameterCsv.read(in);
        } catch (IOException e) {
            throw new ReportFormatException("cannot read the per-parameter rows in " + file + " (" + e
                    + "); was it truncated? write the report again");
        } catch (ReportFormatException e) {
            throw new ReportFormatException(file + ": " + e.getMessage());
        }
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            throw new ReportFormatException("the report is empty; was it truncated? write it again");
        }
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw new ReportFormatException("the report is not a JSON object");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new ReportFormatException("the report is not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + "); was it truncated? write it again");
        }
    }

    private static void checkVersion(JsonNode tree, String field, int expected, String what) {
        JsonNode v = tree.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new ReportFormatException("the " + what + " has no numeric '" + field + "'; it is not a report of"
                    + " this observatory");
        }
        if (v.asInt() != expected) {
            throw new ReportFormatException("the " + what + " has " + field + " " + v.asInt() + ", this version reads "
                    + expected + "; re-create it with this version of the observatory");
        }
    }

    private static <T> T convert(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String where = e instanceof com.fasterxml.jackson.databind.JsonMappingException m
                    ? " at " + m.getPathReference() : "";
            String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ReportFormatException("the report does not match the schema" + where + ": "
                    + msg.lines().findFirst().orElse(msg));
        }
    }
}
