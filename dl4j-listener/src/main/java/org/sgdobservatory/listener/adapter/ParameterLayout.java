package org.sgdobservatory.listener.adapter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.sgdobservatory.report.model.UpdaterKind;
import org.sgdobservatory.updater.VarianceNormalizedSgd;

/**
 * A network's parameter blocks as DL4J's updater lays them out, with the configuration each block trains under:
 * its updater ({@link UpdaterSpec}, the learning rate in force) and its regularisation ({@link RegularizationSpec}).
 * Read from the updater's {@code UpdaterBlock}s (docs/dl4j-behaviour.md#updater-state-layout), so the offsets are
 * exactly the ones DL4J updates. Immutable once read; the schedules are evaluated on demand.
 */
final class ParameterLayout {

    private final List<ParameterBlock> blocks;
    private final Map<String, IUpdater> updaters;
    private final Map<String, TrainingConfig> configs;

    private ParameterLayout(List<ParameterBlock> blocks, Map<String, IUpdater> updaters,
                            Map<String, TrainingConfig> configs) {
        this.blocks = List.copyOf(blocks);
        this.updaters = updaters;
        this.configs = configs;
    }

    /**
     * Reads the blocks of an initialised network's updater.
     *
     * @param updater the network's updater (DL4J creates it on {@code init()})
     * @param keysByLayerIndex whether block keys name the layer by its index ({@code 0_W}, as
     *     {@code MultiLayerNetwork}'s parameter table does) rather than by its name ({@code dense_W})
     */
    static ParameterLayout read(BaseMultiLayerUpdater<?> updater, boolean keysByLayerIndex) {
        List<ParameterBlock> out = new ArrayList<>();
        Map<String, IUpdater> updaters = new HashMap<>();
        Map<String, TrainingConfig> configs = new HashMap<>();
        for (UpdaterBlock ub : updater.getUpdaterBlocks()) {
            long paramSpan = (long) ub.getParamOffsetEnd() - ub.getParamOffsetStart();
            long stateSpan = (long) ub.getUpdaterViewOffsetEnd() - ub.getUpdaterViewOffsetStart();
            for (UpdaterBlock.ParamState ps : ub.getLayersAndVariablesInBlock()) {
                Trainable layer = ps.getLayer();
                TrainingConfig conf = layer.getConfig();
                String paramName = ps.getParamName();
                // MultiLayerNetwork's paramTable keys use the layer index ("0_W"), not its name ("layer0").
                String layerName = keysByLayerIndex && layer instanceof org.deeplearning4j.nn.api.Layer l
                        ? String.valueOf(l.getIndex()) : conf.getLayerName();
                String key = layerName + "_" + paramName;
                IUpdater iu = conf.getUpdaterByParam(paramName);
                UpdaterSpec spec = describe(iu);
                long len = (long) ps.getParamOffsetEnd() - ps.getParamOffsetStart();
                long stateOffset = -1;
                long stateLength = 0;
                long within = (long) ps.getParamOffsetStart() - ub.getParamOffsetStart();
                if (spec.kind() == UpdaterKind.RMSPROP && stateSpan == paramSpan) {
                    // RmsProp: v, one per parameter
                    stateOffset = ub.getUpdaterViewOffsetStart() + within;
                    stateLength = len;
                } else if (spec.kind() == UpdaterKind.VARNORM && stateSpan == 2 * paramSpan) {
                    // VarianceNormalizedSgd: the block's means, then its variances s
                    stateOffset = ub.getUpdaterViewOffsetStart() + paramSpan + within;
                    stateLength = len;
                }
                updaters.put(key, iu);
                configs.put(key, conf);
                out.add(new ParameterBlock(key, layerName, paramName, ps.getParamOffsetStart(), len, spec,
                        stateOffset, stateLength));
            }
        }
        return new ParameterLayout(out, updaters, configs);
    }

    private static UpdaterSpec describe(IUpdater iu) {
        String name = iu == null ? "none" : iu.getClass().getSimpleName();
        Map<String, Double> hp = new HashMap<>();
        if (iu != null && iu.hasLearningRate()) {
            hp.put("learningRate", iu.getLearningRate(0, 0));
        }
        if (iu instanceof Sgd) {
            return new UpdaterSpec(UpdaterKind.SGD, name, hp);
        } else if (iu instanceof RmsProp r) {
            hp.put("rmsDecay", r.getRmsDecay());
            hp.put("epsilon", r.getEpsilon());
            return new UpdaterSpec(UpdaterKind.RMSPROP, name, hp);
        } else if (iu instanceof Nesterovs n) {
            hp.put("momentum", n.getMomentum());
            return new UpdaterSpec(UpdaterKind.NESTEROVS, name, hp);
        } else if (iu instanceof VarianceNormalizedSgd v) {
            hp.put("averagingDecay", v.getAveragingDecay());
            hp.put("epsilon", v.getEpsilon());
            return new UpdaterSpec(UpdaterKind.VARNORM, name, hp);
        }
        return new UpdaterSpec(UpdaterKind.UNSUPPORTED, name, hp);
    }

    /** All parameter blocks in flattened order. */
    List<ParameterBlock> blocks() {
        return blocks;
    }

    /** The learning rate in force for a block at an iteration and epoch (schedules applied), or NaN. */
    double learningRate(ParameterBlock block, int iteration, int epoch) {
        IUpdater iu = updaters.get(block.key());
        return iu != null && iu.hasLearningRate() ? iu.getLearningRate(iteration, epoch) : Double.NaN;
    }

    /** L1/L2/weight decay of a block at an iteration and epoch (schedules applied). */
    RegularizationSpec regularization(ParameterBlock block, int iteration, int epoch) {
        List<Regularization> regs = configs.get(block.key()).getRegularizationByParam(block.paramName());
        if (regs == null || regs.isEmpty()) {
            return RegularizationSpec.NONE;
        }
        double l1 = 0;
        double l2 = 0;
        double wd = 0;
        boolean applyLr = true;
        for (Regularization r : regs) {
            if (r instanceof L1Regularization a) {
                l1 += a.getL1().valueAt(iteration, epoch);
            } else if (r instanceof L2Regularization a) {
                l2 += a.getL2().valueAt(iteration, epoch);
            } else if (r instanceof WeightDecay a) {
                wd += a.getCoeff().valueAt(iteration, epoch);
                applyLr = a.isApplyLR();
            }
        }
        return new RegularizationSpec(l1, l2, wd, applyLr);
    }
}
