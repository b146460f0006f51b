package org.sgdobservatory.listener.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.report.model.SpectralReport;

/**
 * The preconditioned frame reads RmsProp's {@code P = lr / (sqrt(v) + eps)} from DL4J's updater state, and leaves out
 * parameters whose second moment is silent (no gradient reaches them): their frozen {@code P} would be the
 * {@code lr / eps} floor and put spurious eigenvalues of order {@code lr h / eps} at the top of the spectrum.
 */
class DirectionFrameTest {

    @Test
    void rmsPropFrameReadsTheUpdaterStateAndLeavesOutSilentParameters() {
        double lr = 0.01;
        double eps = 1e-8;
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .updater(new RmsProp(lr, 0.9, eps)).dataType(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(3).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        Nd4j.getRandom().setSeed(2);
        for (int i = 0; i < 20; i++) {
            net.fit(new DataSet(Nd4j.randn(DataType.DOUBLE, 16, 4), Nd4j.randn(DataType.DOUBLE, 16, 1)));
        }
        NetworkAdapter adapter = NetworkAdapter.of(net);
        ParameterBlock first = adapter.blocks().get(0);
        INDArray v = adapter.normaliserState(first).orElseThrow();
        v.putScalar(0, 0.0); // a parameter no gradient reaches: RmsProp's v decays to 0
        DirectionFrame frame = DirectionFrame.of(adapter, 20, 0).frame().orElseThrow();

        assertEquals(SpectralReport.Basis.PRECONDITIONED_HESSIAN, frame.basis());
        int at = (int) first.offset();
        assertEquals(0.0, frame.sqrtPreconditioner(at), "the silent parameter is out of the frame");
        assertEquals(0.0, frame.decay(at));
        double v1 = v.getDouble(1);
        assertEquals(Math.sqrt(lr / (Math.sqrt(v1) + eps)), frame.sqrtPreconditioner(at + 1),
                1e-12 * frame.sqrtPreconditioner(at + 1), "P^{1/2} from the updater state");
        assertTrue(frame.description().contains("left out of the frame: 1 parameter whose normaliser is below"), frame.description());
    }
}
