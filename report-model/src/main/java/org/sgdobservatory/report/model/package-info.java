/**
 * The observatory's report as typed Java records: the one schema that the listener writes and that the HTML
 * renderer, the command line and downstream tools read. {@link org.sgdobservatory.report.model.ObservatoryReport}
 * is one observed run; {@link org.sgdobservatory.report.model.ExampleReport} is the command line's envelope
 * around several runs. {@link org.sgdobservatory.report.model.ReportJson} writes and reads both as strict JSON
 * (a number that is not estimable, NaN in Java, is {@code null} in JSON and NaN again when read), and
 * {@link org.sgdobservatory.report.model.AtomicFiles} writes files so that no reader ever sees half of one.
 *
 * <p>Codes and states are enums: {@link org.sgdobservatory.report.model.FindingCode},
 * {@link org.sgdobservatory.report.model.DataOrder}, {@link org.sgdobservatory.report.model.VerdictState},
 * {@link org.sgdobservatory.report.model.NotJudgedReason}, {@link org.sgdobservatory.report.model.NotPredictedReason},
 * {@link org.sgdobservatory.report.model.PredictionMethod}.
 * The schema, field by field, and its version history are in {@code docs/report-schema.md}. This module depends
 * on Jackson only; it knows nothing of Deeplearning4j.
 */
package org.sgdobservatory.report.model;
