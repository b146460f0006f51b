package org.sgdobservatory.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The test fixtures under {@code src/test/resources/fixtures} (see the module README). */
final class Fixtures {

    /** The main job's report.json (digits MLP, SGD and RMSProp, 6 close-ups each), copied verbatim. */
    static final String EXAMPLE = "example-report.json";

    /** One run, empty arrays, nulls wherever the envelope allows them. */
    static final String MINIMAL = "minimal-report.json";

    private Fixtures() {
    }

    /** A fresh, mutable copy of the fixture. */
    static ObjectNode load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fixture /fixtures/" + name + " is not on the test class path");
            }
            return (ObjectNode) new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
