package org.sgdobservatory.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest {

    @Test
    void listenerReportRoundTripsWithNaNAndOptionals() {
        ObservatoryReport report = SampleReports.listenerReport();
        String json = ReportJson.write(report);
        assertFalse(json.contains("NaN"), "strict JSON has no NaN literal");
        assertEquals(report, ReportJson.readObservatoryReport(json), "write then read gives the same records");
    }

    @Test
    void exampleReportRoundTrips() {
        ExampleReport report = SampleReports.exampleReport();
        assertEquals(report, ReportJson.readExampleReport(ReportJson.write(report)), "envelope round trip");
    }

    @Test
    void nanIsWrittenAsNull() {
        ObjectNode tree = (ObjectNode) ReportJson.tree(SampleReports.listenerReport());
        assertTrue(tree.at("/parameters/5/comparison/ratio/value").isNull(), "a NaN ratio is null");
        assertTrue(tree.at("/parameters/5/prediction/notPredicted").isTextual(), "a present optional is its value");
        assertTrue(tree.at("/parameters/0/prediction/notPredicted").isNull(), "an empty optional is null");
    }

    @Test
    void unknownFieldIsRejectedWithItsName() {
        ObjectNode tree = (ObjectNode) ReportJson.tree(SampleReports.listenerReport());
        ((ObjectNode) tree.get("window")).put("colour", "blue");
        ReportFormatException e = assertThrows(ReportFormatException.class,
                () -> ReportJson.readObservatoryReport(tree.toString()));
        assertTrue(e.getMessage().contains("colour"), "the message names the field: " + e.getMessage());
    }

    @Test
    void missingFieldIsRejectedWithItsName() {
        ObjectNode tree = (ObjectNode) ReportJson.tree(SampleReports.listenerReport());
        ((ObjectNode) tree.get("window")).remove("every");
        ReportFormatException e = assertThrows(ReportFormatException.class,
                () -> ReportJson.readObservatoryReport(tree.toString()));
        assertTrue(e.getMessage().contains("every"), "the message names the field: " + e.getMessage());
    }

    @Test
    void wrongVersionTruncatedAndWrongKindAreOneLineEach() {
        ObjectNode tree = (ObjectNode) ReportJson.tree(SampleReports.listenerReport());
        tree.put("schemaVersion", 2);
        String v = assertThrows(ReportFormatException.class, () -> ReportJson.readObservatoryReport(tree.toString()))
                .getMessage();
        assertTrue(v.contains("schemaVersion 2") && v.contains("reads " + ObservatoryReport.SCHEMA_VERSION), v);
        String full = ReportJson.write(SampleReports.listenerReport());
        String t = assertThrows(ReportFormatException.class,
                () -> ReportJson.readObservatoryReport(full.substring(0, full.length() / 2))).getMessage();
        assertTrue(t.contains("not valid JSON") && t.contains("truncated"), t);
        String k = assertThrows(ReportFormatException.class,
                () -> ReportJson.readExampleReport(full)).getMessage();
        assertTrue(k.contains("kind"), k);
        for (String m : new String[] {v, t, k}) {
            assertEquals(1, m.lines().count(), "one line: " + m);
        }
    }

    @Test
    void readFileTellsTheTwoKindsApart(@TempDir Path dir) throws IOException {
        Path a = ReportJson.writeFile(SampleReports.listenerReport(), dir.resolve("a.json"));
        Path b = ReportJson.writeFile(SampleReports.exampleReport(), dir.resolve("b.json"));
        assertTrue(ReportJson.readFile(a) instanceof ObservatoryReport, "listener report");
        assertTrue(ReportJson.readFile(b) instanceof ExampleReport, "example report");
        String missing = assertThrows(ReportFormatException.class, () -> ReportJson.readFile(dir.resolve("x.json")))
                .getMessage();
        assertTrue(missing.contains("does not exist"), missing);
        assertTrue(Files.isRegularFile(a));
    }

    @Test
    void findingsCarryTheirDocumentationSection() {
        Finding f = Finding.of(FindingCode.WINDOW_TOO_SHORT, "observe longer");
        assertEquals("docs/findings.md#window_too_short", f.reference(), "the reference names the docs section");
        assertEquals(Severity.WARNING, f.severity(), "the code's usual severity");
    }
}
