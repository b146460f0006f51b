/**
 * The Deeplearning4j example networks of {@code observatory run}: the registry ({@link
 * org.sgdobservatory.examples.network.Examples}), their data and networks, the run settings, the minibatch
 * iterator (i.i.d. / reshuffled / cyclic), and the runner that trains, observes a late window with the
 * {@code ObservatoryListener} and assembles the example report ({@code report.json}).
 */
package org.sgdobservatory.examples.network;
