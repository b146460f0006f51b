/**
 * The Deeplearning4j example networks of {@code observatory run}: the registry ({@link
 * org.sgdobservatory.examples.network.Examples}), their data and architectures (dense MLPs, a LeNet-style CNN), the
 * run settings, the minibatch iterator (i.i.d. / reshuffled / fixed cyclic), the runner that trains and observes a
 * late window with the {@code ObservatoryListener} ({@code ObservedFit}, which {@code attach} shares), and the
 * envelope that puts the runs into report-model's {@code ExampleReport} ({@code report.json}).
 */
package org.sgdobservatory.examples.network;
