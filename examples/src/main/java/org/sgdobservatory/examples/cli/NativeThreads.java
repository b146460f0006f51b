package org.sgdobservatory.examples.cli;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Keeps ND4J's native operations on one thread unless {@code OMP_NUM_THREADS} says otherwise. The
 * simulations work on small {@code chains x dims} arrays, where OpenMP's fan-out costs more than it
 * gains; on shared or busy cores its spinning threads made a run ten times slower (measured: 2000 steps
 * of 32 chains took 33 s with two OpenMP threads under load, 3.6 s with one).
 */
final class NativeThreads {
    private NativeThreads() {
    }

    /** Applies the one-thread default (idempotent). */
    static void limit() {
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp == null || omp.isBlank()) {
            Nd4j.getEnvironment().setMaxThreads(1);
            Nd4j.getEnvironment().setMaxMasterThreads(1);
        }
    }
}
