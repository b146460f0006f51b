package org.sgdobservatory.listener.report;

import java.util.ArrayList;
import java.util.List;

import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.Severity;

/**
 * The findings of one run, collected by every stage in the order they arise. Not thread-safe: one run, one
 * training thread.
 */
public final class Findings {

    private final List<Finding> findings = new ArrayList<>();

    /** An empty collection. */
    public Findings() {
    }

    /** Adds a finding with the code's usual severity. */
    public void add(FindingCode code, String message) {
        findings.add(Finding.of(code, message));
    }

    /** Adds a finding with a chosen severity. */
    public void add(Severity severity, FindingCode code, String message) {
        findings.add(Finding.of(severity, code, message));
    }

    /** Replaces every finding of {@code code} by this one (for a limit that is re-assessed as data arrive). */
    public void replace(FindingCode code, String message) {
        findings.removeIf(f -> f.code() == code);
        add(code, message);
    }

    /** Removes every finding of {@code code}. */
    public void remove(FindingCode code) {
        findings.removeIf(f -> f.code() == code);
    }

    /** Whether a finding of {@code code} was added. */
    public boolean has(FindingCode code) {
        return findings.stream().anyMatch(f -> f.code() == code);
    }

    /** A copy of the findings so far. */
    public List<Finding> list() {
        return List.copyOf(findings);
    }
}
