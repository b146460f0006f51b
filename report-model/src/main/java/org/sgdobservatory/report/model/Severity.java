package org.sgdobservatory.report.model;

/** How much a {@link Finding} matters. */
public enum Severity {
    /** Context; nothing is wrong. */
    INFO,
    /** A result is weaker or missing for a stated reason. */
    WARNING,
    /** The data, the run or the observatory is broken in a way that invalidates results. */
    ERROR
}
