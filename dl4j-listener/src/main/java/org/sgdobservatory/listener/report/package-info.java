/**
 * The observatory report as Java records ({@link org.sgdobservatory.listener.report.ObservatoryReport}
 * and its nodes) and its strict-JSON writer ({@link org.sgdobservatory.listener.report.ReportWriter}:
 * versioned by {@code schemaVersion}, NaN/Infinity written as {@code null} with a finding, written
 * atomically). The schema is documented in {@code dl4j-listener/README.md}.
 */
package org.sgdobservatory.listener.report;
