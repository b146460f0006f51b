package org.sgdobservatory.listener.probe;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.listener.adapter.RegularizationSpec;

/**
 * The L1 and L2 coefficient of every parameter at one iteration, and the terms they add to the minibatch-mean
 * gradient of DL4J's raw sum: {@code l2 theta + l1 sign(theta)} (docs/dl4j-behaviour.md#l2-and-weight-decay). Weight
 * decay acts after the updater and adds nothing here. Immutable after construction.
 */
final class RegularizationTerms {

    private final INDArray l2;
    private final INDArray l1;

    /**
     * Reads the regularisation in force for every block of the training network.
     *
     * @param training the training network's adapter
     * @param iteration iteration at which regularisation schedules are evaluated
     * @param epoch epoch at which regularisation schedules are evaluated
     * @param numParams number of parameters
     */
    RegularizationTerms(NetworkAdapter training, int iteration, int epoch, long numParams) {
        // filled block by block in place: two heap arrays of numParams doubles would cost 160 MB at 10M parameters
        l2 = Nd4j.zeros(DataType.DOUBLE, numParams);
        l1 = Nd4j.zeros(DataType.DOUBLE, numParams);
        for (ParameterBlock b : training.blocks()) {
            RegularizationSpec r = training.regularization(b, iteration, epoch);
            INDArrayIndex range = NDArrayIndex.interval(b.offset(), b.offset() + b.length());
            if (r.l2() != 0) {
                l2.get(range).assign(r.l2());
            }
            if (r.l1() != 0) {
                l1.get(range).assign(r.l1());
            }
        }
    }

    /** {@code l2 * theta} (a new array). */
    INDArray l2Term(INDArray theta) {
        return l2.mul(theta);
    }

    /** {@code l1 * sign(theta)} (a new array). */
    INDArray l1Term(INDArray theta) {
        return l1.mul(Transforms.sign(theta, true));
    }

    /** The L2 coefficients as an array; do not modify. */
    INDArray l2() {
        return l2;
    }

    /** The L2 coefficient of every parameter (a copy). */
    double[] l2Coefficients() {
        return l2.toDoubleVector();
    }

    /**
     * Adds the (per-parameter constant) regularisation terms to materialised per-example raw gradients, in place.
     *
     * @param values rows = {@code indices}, one column per example
     * @param l2Term {@link #l2Term} at the parameters the gradients were taken at
     * @param l1Term {@link #l1Term} there
     * @return {@code values}
     */
    static double[][] addTo(double[][] values, long[] indices, INDArray l2Term, INDArray l1Term) {
        for (int j = 0; j < indices.length; j++) {
            double shift = l2Term.getDouble(indices[j]) + l1Term.getDouble(indices[j]);
            for (int i = 0; i < values[j].length; i++) {
                values[j][i] += shift;
            }
        }
        return values;
    }
}
