/**
 * The SGD Observatory examples module: what a user runs first. The {@code observatory} command line
 * lives in {@link org.sgdobservatory.examples.cli}; the Deeplearning4j example networks ({@code run}) and
 * their report in {@link org.sgdobservatory.examples.network}, their bundled data in
 * {@link org.sgdobservatory.examples.data}; the sim-core-only scenarios live in
 * {@link org.sgdobservatory.examples.simulate} (the {@code simulate} command) and
 * {@link org.sgdobservatory.examples.lecture} (the lecture's claims, checked); strict JSON output in
 * {@link org.sgdobservatory.examples.json}.
 */
package org.sgdobservatory.examples;
