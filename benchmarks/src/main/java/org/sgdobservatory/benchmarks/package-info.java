/**
 * Speed benchmarks of sim-core (issue 2 "Speed", issue 5 section 5): chain-steps per second of 1-D
 * SGD with Gaussian noise on {@code L = h x^2/2}, for sim-core's {@code Simulation}, a plain scalar
 * Java loop ({@link org.sgdobservatory.benchmarks.ScalarSgdLoop}) and a NumPy script, measured in
 * alternation in one JVM run ({@link org.sgdobservatory.benchmarks.SimBenchmark}); and a per-operation
 * breakdown of one sim-core step ({@link org.sgdobservatory.benchmarks.StepBreakdown}).
 */
package org.sgdobservatory.benchmarks;
