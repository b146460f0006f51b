package org.sgdobservatory.sim.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.sim.gradient.GradientSampler;
import org.sgdobservatory.sim.noise.RandomStreams;
import org.sgdobservatory.sim.optim.GradientUpdater;
import org.sgdobservatory.sim.optim.Regularization;
import org.sgdobservatory.sim.stats.StreamingCrossMoments;
import org.sgdobservatory.sim.stats.StreamingMoments;

/**
 * One run of a {@link Simulation}: the {@code chains x dims} states, the step, and the recording of every
 * {@code thin}-th state after burn-in. The step is either the fused pass of {@link FusedStep} (step and moments
 * together) or the general sequence {@code g = g_hat(x)}; {@code g += l2 x}; {@code u = updater(g)};
 * {@code u += wd x}; {@code x -= u}. Moments are kept per time block when there are fewer than 8 independent
 * chain groups, so that (group, time block) cells give the standard errors; the statistics that read only the
 * states go to a {@link StateRecorder}.
 *
 * <p>Made and used once by {@link Simulation#run(SimulationProgress)}; not thread-safe.
 */
final class SimulationRun {
    private final Simulation simulation;
    private final SimulationProgress progress;
    private final int chains;
    private final int dims;
    private final int groups;
    private final int timeBlocks;
    private final int recorded;
    private final int blockLength;
    private final double l2;
    private final double decay;

    SimulationRun(Simulation simulation, SimulationProgress progress) {
        this.simulation = simulation;
        this.progress = progress;
        this.chains = simulation.chains();
        this.dims = simulation.oracle().dims();
        this.groups = Simulation.groupCount(chains);
        // Fewer than 8 independent chain groups: standard errors come from (chain group x time block)
        // cells instead, 16 equal time blocks (the last recorded % 16 samples are dropped).
        this.timeBlocks = groups >= 8 || simulation.recordedSteps() < 32 ? 1 : 16;
        this.recorded = simulation.recordedSteps() / timeBlocks * timeBlocks;
        this.blockLength = recorded / timeBlocks;
        double l2Sum = 0;
        double decaySum = 0;
        for (Regularization r : simulation.regularization) {
            if (r instanceof Regularization.L2 l) {
                l2Sum += l.coefficient();
            } else if (r instanceof Regularization.WeightDecay w) {
                decaySum += w.coefficient() * (w.applyLearningRate() ? simulation.updater().learningRate() : 1.0);
            }
        }
        this.l2 = l2Sum;
        this.decay = decaySum;
    }

    /** Runs the chains and returns the statistics. */
    SimulationResult run() {
        long started = System.nanoTime();
        try (RandomStreams random = RandomStreams.of(simulation.seed)) {
            INDArray x = Nd4j.create(DataType.DOUBLE, chains, dims);
            x.addiRowVector(Nd4j.createFromArray(simulation.initialState).reshape(1, dims));
            boolean fdr = simulation.statistics.contains(Statistic.FDR);
            // The FDR needs the update u itself; every other statistic reads only the states.
            Optional<FusedStep> fused = fdr ? Optional.empty()
                    : FusedStep.of(simulation.oracle(), simulation.updater(), l2, decay, chains, groups, random);
            GradientSampler sampler = fused.isPresent() ? null : simulation.oracle().open(chains, random);
            List<StreamingMoments> moments = new ArrayList<>();
            List<StreamingCrossMoments> cross = new ArrayList<>();
            for (int t = 0; t < timeBlocks; t++) {
                moments.add(new StreamingMoments(groups, dims));
                if (fdr) {
                    cross.add(new StreamingCrossMoments(groups, dims));
                }
            }
            StateRecorder states = new StateRecorder(simulation, x, groups, recorded);
            int recordedSoFar = fused.isPresent() ? runFused(fused.get(), x, moments, states)
                    : runGeneral(sampler, x, moments, cross, states);
            StreamingMoments pooled = timeBlocks == 1 ? moments.get(0) : StreamingMoments.stack(moments);
            return new SimulationResult(simulation, pooled, cross.isEmpty() ? null : merged(cross), states,
                    x.dup('c').data().asDouble(), recordedSoFar, (System.nanoTime() - started) / 1e9);
        }
    }

    /** The fused pass: the moments of the current states, then the step; returns the states recorded. */
    private int runFused(FusedStep fused, INDArray x, List<StreamingMoments> moments, StateRecorder states) {
        int total = simulation.totalSteps();
        int recordedSoFar = 0;
        for (int step = 0; step < total; step++) {
            Optional<StreamingMoments> into = Optional.empty();
            if (records(step, recordedSoFar)) {
                // The other statistics read the states before the step, as on the general path.
                into = Optional.of(moments.get(block(recordedSoFar)));
                states.record(x, recordedSoFar);
                recordedSoFar++;
            }
            fused.step(x, into);
            progress.onStep(step + 1, total);
        }
        fused.flush();
        return recordedSoFar;
    }

    /** The general step with every statistic; returns the states recorded. */
    private int runGeneral(GradientSampler sampler, INDArray x, List<StreamingMoments> moments,
            List<StreamingCrossMoments> cross, StateRecorder states) {
        INDArray g = Nd4j.create(DataType.DOUBLE, chains, dims);
        INDArray scratch = l2 != 0 || decay != 0 ? Nd4j.create(DataType.DOUBLE, chains, dims) : null;
        GradientUpdater state = simulation.updater().instantiate(chains, dims);
        int total = simulation.totalSteps();
        int recordedSoFar = 0;
        for (int step = 0; step < total; step++) {
            sampler.sample(x, g);
            if (l2 != 0) {
                g.addi(scratch.assign(x).muli(l2));
            }
            state.applyUpdater(g, step);
            if (decay != 0) {
                g.addi(scratch.assign(x).muli(decay));
            }
            if (records(step, recordedSoFar)) {
                int block = block(recordedSoFar);
                moments.get(block).add(x);
                if (!cross.isEmpty()) {
                    cross.get(block).add(x, g);
                }
                states.record(x, recordedSoFar);
                recordedSoFar++;
            }
            x.subi(g);
            progress.onStep(step + 1, total);
        }
        return recordedSoFar;
    }

    /** Whether the state before {@code step} is recorded: after burn-in, every thin-th, while room is left. */
    private boolean records(int step, int recordedSoFar) {
        int sinceBurnIn = step - simulation.burnIn;
        return sinceBurnIn >= 0 && sinceBurnIn % simulation.thin == 0 && recordedSoFar < recorded;
    }

    /** The time block of the {@code recordedSoFar}-th recorded state. */
    private int block(int recordedSoFar) {
        return Math.min(recordedSoFar / blockLength, timeBlocks - 1);
    }

    /** Pools the time blocks of the cross moments into one accumulator per chain group. */
    private StreamingCrossMoments merged(List<StreamingCrossMoments> blocks) {
        StreamingCrossMoments all = new StreamingCrossMoments(groups, dims);
        for (StreamingCrossMoments b : blocks) {
            all.merge(b);
        }
        return all;
    }
}
