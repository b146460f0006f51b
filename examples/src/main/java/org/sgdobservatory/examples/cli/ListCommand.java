package org.sgdobservatory.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.sgdobservatory.examples.network.Example;
import org.sgdobservatory.examples.network.ExampleDefaults;
import org.sgdobservatory.examples.network.Examples;
import org.sgdobservatory.examples.simulate.DataOrderNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code observatory list}: what can be run. */
@Command(name = "list", description = "Lists the example networks with their defaults, and the scenarios.",
        footer = "Example: observatory list")
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Simulation scenarios (sim-core alone, no network):");
        out.println("  simulate --loss quadratic    separable quadratic h x^2/2 per dimension; exact theory (SGD, varnorm),");
        out.println("                               mean field (rmsprop); finite data: --examples N --batch B");
        out.println("                               --sampling iid|reshuffle|cyclic");
        out.println("  simulate --loss quartic      c x^4 per dimension; Gibbs-density predictions");
        out.println("  simulate --loss double-well  a (x^2-1)^2 per dimension; Gibbs-density predictions");
        out.println("  lecture                      the lecture's claims checked, one PASS/FAIL block each:");
        out.println("                               sde-vs-sgd, gibbs-double-well, two-temperatures,");
        out.println("                               varnorm-one-temperature, rmsprop-in-between, data-order");
        out.println();
        out.println("Deeplearning4j example networks ('observatory run EXAMPLE [--optimizer sgd,rmsprop,varnorm]'):");
        for (Example e : Examples.all()) {
            ExampleDefaults d = e.defaults();
            out.printf("  %-16s %s [lr %s/%s/%s, B %d, %d epochs, window %d, %s, L2 %s]%s%n", e.name(), e.title(),
                    d.sgdLearningRate(), d.rmsPropLearningRate(), d.varNormLearningRate(), d.batchSize(), d.epochs(),
                    d.windowIterations(), DataOrderNames.cliName(d.dataOrder()), d.weightDecay(),
                    e.name().equals(Examples.DEFAULT) ? " (default)" : "");
        }
        out.println("  (defaults in brackets: lr for sgd/rmsprop/varnorm, minibatch size, epochs, observed window,"
                + " data order, L2; every one overridable)");
        out.flush();
        return Observatory.OK;
    }
}
