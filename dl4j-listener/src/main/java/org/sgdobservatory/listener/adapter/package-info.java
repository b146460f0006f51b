/**
 * The one place that knows both Deeplearning4j network types ({@code MultiLayerNetwork} and
 * {@code ComputationGraph}): {@link org.sgdobservatory.listener.adapter.NetworkAdapter} exposes the
 * flattened parameter and gradient views, the parameter blocks with their DL4J keys ({@code 0_W},
 * {@code dense_b}), per-block updater and regularisation configuration, the learning rate in force,
 * the minibatch and the RMSProp updater state; {@link org.sgdobservatory.listener.adapter.DoublePrecisionCopy} is
 * the independent copy the probes run their passes on. Nothing outside this package checks the network type.
 */
package org.sgdobservatory.listener.adapter;
