/**
 * Stage 1 of the pipeline, sample: what the listener does during training. The window's state machine
 * ({@link org.sgdobservatory.listener.sample.ObservationWindow}), the tracked parameters and their trace statistics
 * ({@link org.sgdobservatory.listener.sample.TrackingPlan}, {@link org.sgdobservatory.listener.sample.TraceSampler}),
 * the probe reservoir ({@link org.sgdobservatory.listener.sample.ProbeReservoir}), the data-order fingerprints
 * ({@link org.sgdobservatory.listener.sample.DataOrderDetector}) and the close-ups' traces, held together per
 * network by {@link org.sgdobservatory.listener.sample.ObservationSession}.
 */
package org.sgdobservatory.listener.sample;
