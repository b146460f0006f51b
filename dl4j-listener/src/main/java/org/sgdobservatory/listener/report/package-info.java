/**
 * Stage 5 of the pipeline, report: {@link org.sgdobservatory.listener.report.ReportPipeline} runs the stages after
 * the window (probe, predict, judge) and assembles the typed {@code ObservatoryReport} of the report-model module:
 * close-ups with their densities and loss slices, the run's findings, provenance and cost; it checks the training
 * network is untouched, writes the file atomically and logs a summary. {@link org.sgdobservatory.listener.report
 * .Findings} collects the findings every stage adds.
 */
package org.sgdobservatory.listener.report;
