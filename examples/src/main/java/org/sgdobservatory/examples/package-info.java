/**
 * The SGD Observatory examples module: what a user runs first. The {@code observatory} command line lives in
 * {@link org.sgdobservatory.examples.cli}; the Deeplearning4j example networks ({@code run}) and their report (the
 * report-model's {@code ExampleReport}) in {@link org.sgdobservatory.examples.network}, their bundled data in
 * {@link org.sgdobservatory.examples.data}; a saved network continued on the user's data ({@code attach}) in
 * {@link org.sgdobservatory.examples.attach}; the sim-core-only scenarios live in
 * {@link org.sgdobservatory.examples.simulate} (the {@code simulate} command and the command line's data-order
 * names) and {@link org.sgdobservatory.examples.lecture} (the lecture's claims, checked). Every JSON document is a
 * record written by report-model's {@code ReportJson}.
 */
package org.sgdobservatory.examples;
