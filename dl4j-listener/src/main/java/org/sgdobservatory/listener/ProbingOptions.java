package org.sgdobservatory.listener;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.nd4j.linalg.dataset.DataSet;
import org.sgdobservatory.listener.probe.ProbeThreads;

/**
 * The probe options of an {@link ObservatoryBuilder} (the probes at the end of the window and what they run on):
 * their defaults and the check of each value as it is set, throwing an {@link ObservatorySetupException} naming the
 * option, the value and the remedy. Mutable; not thread-safe.
 */
final class ProbingOptions {
    private Set<ObservatoryConfig.Probe> probes = EnumSet.allOf(ObservatoryConfig.Probe.class);
    private int reservoirBatches = 64;
    private double reservoirMegabytes = 64;
    private int perExampleGradients = 512;
    private int hutchinsonProbes = 32;
    private double finiteDifferenceStep = 6e-6;
    private int fullBlockMaxParameters;
    private int threads = ProbeThreads.AUTO;
    private Optional<DataSet> probeData = Optional.empty();

    void probes(ObservatoryConfig.Probe... which) {
        ObservatorySetupException.require(which != null && Arrays.stream(which).allMatch(Objects::nonNull),
                "probes", which == null ? "null" : Arrays.toString(which), "ObservatoryConfig.Probe values without null",
                "call probes() with no argument to observe only");
        this.probes = which.length == 0 ? EnumSet.noneOf(ObservatoryConfig.Probe.class)
                : EnumSet.copyOf(Arrays.asList(which));
    }

    void reservoirBatches(int batches) {
        ObservatorySetupException.require(batches >= 2, "reservoirBatches", batches, ">= 2",
                "two minibatches are the least a variance needs");
        this.reservoirBatches = batches;
    }

    void reservoirMegabytes(double megabytes) {
        ObservatorySetupException.require(megabytes > 0 && Double.isFinite(megabytes), "reservoirMegabytes",
                megabytes, "positive and finite", "the default is 64; give probeData(...) to need no reservoir");
        this.reservoirMegabytes = megabytes;
    }

    void perExampleGradients(int cap) {
        ObservatorySetupException.require(cap >= 0, "perExampleGradients", cap, ">= 0", "0 skips them");
        this.perExampleGradients = cap;
    }

    void hutchinsonProbes(int count) {
        ObservatorySetupException.require(count >= 2, "hutchinsonProbes", count, ">= 2",
                "a standard error needs two probes; the default is 32");
        this.hutchinsonProbes = count;
    }

    void finiteDifferenceStep(double step) {
        ObservatorySetupException.require(step > 0 && step < 1, "finiteDifferenceStep", step, "in (0, 1)",
                "about 6e-6 is optimal in double precision");
        this.finiteDifferenceStep = step;
    }

    void fullBlockPredictions(int maxParameters) {
        ObservatorySetupException.require(maxParameters >= 0 && maxParameters <= 1000, "fullBlockPredictions",
                maxParameters, "in 0..1000 parameters", "larger blocks need the simulator, not a dense solve");
        this.fullBlockMaxParameters = maxParameters;
    }

    void threads(int count) {
        ObservatorySetupException.require(count >= 0, "probeThreads", count, ">= 0",
                "1 keeps the probes on the training thread; 0, the default, uses the cores ND4J leaves idle");
        this.threads = count;
    }

    void probeData(DataSet data) {
        ObservatorySetupException.require(data != null && data.getFeatures() != null && data.getLabels() != null,
                "probeData", data == null ? "null" : "a DataSet without " + (data.getFeatures() == null ? "features"
                        : "labels"), "a DataSet with features and labels", "leave it unset to probe on a reservoir"
                        + " of training minibatches");
        ObservatorySetupException.require(data.getFeatures().size(0) == data.getLabels().size(0), "probeData",
                data.getFeatures().size(0) + " feature rows and " + data.getLabels().size(0) + " label rows",
                "one label row per example", "pass the features and labels of the same examples");
        ObservatorySetupException.require(data.numExamples() >= 2, "probeData", data.numExamples() + " examples",
                "a DataSet of at least 2 examples", "a variance needs two; a few hundred give useful precision");
        this.probeData = Optional.of(data);
    }

    ObservatoryConfig.Probing build() {
        return new ObservatoryConfig.Probing(probes, reservoirBatches, reservoirMegabytes, perExampleGradients,
                hutchinsonProbes, finiteDifferenceStep, fullBlockMaxParameters, threads, probeData);
    }
}
