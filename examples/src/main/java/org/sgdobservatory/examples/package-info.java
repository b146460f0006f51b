/**
 * The SGD Observatory examples module: what a user runs first. The {@code observatory} command line
 * lives in {@link org.sgdobservatory.examples.cli}; the sim-core-only scenarios it runs live in
 * {@link org.sgdobservatory.examples.simulate} (the {@code simulate} command) and
 * {@link org.sgdobservatory.examples.lecture} (the lecture's claims, checked); strict JSON output in
 * {@link org.sgdobservatory.examples.json}. The Deeplearning4j network examples arrive with the
 * listener module.
 */
package org.sgdobservatory.examples;
