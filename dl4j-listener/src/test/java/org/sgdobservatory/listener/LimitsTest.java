package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Limits: a large MLP under {@code -Xmx2g} with the listener at its defaults (window from iteration 20, 64
 * iterations, inside a 90-iteration run), each run in a child JVM ({@link LimitsRun}) so that this JVM's heap and
 * native memory do not mix in. With and without the listener: peak resident set (VmHWM), peak heap used, whether the
 * report came and which findings it has. Asserted: no OutOfMemoryError, a report with no internal failure, and the
 * stated budgets; probes beyond their budget are skipped with a PROBE_OVER_BUDGET finding naming the size needed.
 *
 * <p>In CI: 784-256-256-10 (269 322 parameters). The 10M-parameter 784-2048-2048-2048-10 takes minutes, so it runs
 * only on request: {@code mvn -B -o -pl dl4j-listener -am -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest='LimitsTest' -Dobservatory.limits.full=true verify}. Both figures are in the module README ("Safety").
 */
@Tag("slow")
class LimitsTest {

    /**
     * Extra resident memory the listener may add at 269k parameters with JavaCPP's default limits (measured 2.0 GB:
     * mostly the probes' native arrays waiting for the garbage collector; see the README).
     */
    private static final long CI_EXTRA_RSS_MB = 3072;
    /**
     * JavaCPP's limit on the process's resident memory in the 10M run. ND4J frees native arrays when the GC collects
     * their Java objects, and the probes' heap stays small (about 250 MB), so the GC runs when JavaCPP sees this limit
     * reached; its default, 4 x -Xmx = 8 GB here, let the resident set reach 8.2 GB.
     */
    private static final String FULL_PHYSICAL = "-Dorg.bytedeco.javacpp.maxphysicalbytes=3G";
    /** Resident memory of the whole 10M run with the listener under that limit (measured 3.74 GB). */
    private static final long FULL_RSS_MB = 4096;

    @Test
    void aMlpOf269kParametersStaysWithinBudget() throws Exception {
        Map<String, String> off = run("784,256,256,10", "off");
        Map<String, String> on = run("784,256,256,10", "on");
        System.out.println("269k without: " + off);
        System.out.println("269k with:    " + on);
        checkReport(on);
        assertTrue(on.get("findings").contains("PROBE_OVER_BUDGET"), "the loss slices (1.4e11 multiply-adds) are over"
                + " budget and say so: " + on.get("findings"));
        long extra = Math.round(Double.parseDouble(on.get("rssMB")) - Double.parseDouble(off.get("rssMB")));
        assertTrue(extra <= CI_EXTRA_RSS_MB, "the listener adds at most " + CI_EXTRA_RSS_MB + " MB resident, added "
                + extra + " MB");
    }

    @Test
    void aMlpOf10MParametersUnderXmx2gReportsWithoutOutOfMemory() throws Exception {
        assumeTrue(Boolean.getBoolean("observatory.limits.full"), "the 10M run takes minutes: give"
                + " -Dobservatory.limits.full=true");
        Map<String, String> off = run("784,2048,2048,2048,10", "off", FULL_PHYSICAL);
        Map<String, String> on = run("784,2048,2048,2048,10", "on", FULL_PHYSICAL);
        System.out.println("10M without: " + off);
        System.out.println("10M with:    " + on);
        checkReport(on);
        assertTrue(on.get("findings").contains("PROBE_OVER_BUDGET"), "the loss slices (5e12 multiply-adds) are over"
                + " budget and say so: " + on.get("findings"));
        assertTrue(Double.parseDouble(on.get("rssMB")) <= FULL_RSS_MB, "resident at most " + FULL_RSS_MB + " MB: "
                + on.get("rssMB"));
    }

    private static void checkReport(Map<String, String> on) {
        assertEquals("true", on.get("report"), "a report came: " + on);
        assertFalse(on.getOrDefault("findings", "").contains("LISTENER_FAILURE"), "no internal failure: " + on);
        assertFalse(on.containsKey("failure"), "no assembly failure (e.g. OutOfMemoryError): " + on);
        assertTrue(Double.parseDouble(on.get("heapPeakMB")) < 2048, "the heap stayed under -Xmx2g: " + on);
    }

    /** Runs {@link LimitsRun} in a child JVM ({@code -Xmx2g}, one OpenMP thread) and parses its result line. */
    static Map<String, String> run(String layers, String listener, String... jvmOptions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g"));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LimitsRun.class.getName(), layers, "90",
                listener, "20", "64"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        Map<String, String> result = new HashMap<>();
        List<String> tail = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RESULT ")) {
                    for (String kv : line.substring(7).split(" ")) {
                        int eq = kv.indexOf('=');
                        result.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                } else if (line.startsWith("FINDING") || line.contains("Exception") || line.contains("Error")) {
                    tail.add(line);
                }
            }
        }
        assertTrue(p.waitFor(30, TimeUnit.MINUTES), "the child ended");
        tail.forEach(l -> System.out.println("  " + l));
        assertEquals(0, p.exitValue(), "the child exited normally (no OutOfMemoryError): " + tail);
        assertTrue(result.containsKey("rssMB"), "the child printed its result: " + tail);
        return result;
    }
}
