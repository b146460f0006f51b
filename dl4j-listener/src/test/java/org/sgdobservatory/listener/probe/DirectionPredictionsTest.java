package org.sgdobservatory.listener.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.predict.DirectionPredictions;
import org.sgdobservatory.report.model.DataOrder;
import org.sgdobservatory.report.model.NotPredictedReason;
import org.sgdobservatory.report.model.PredictionMethod;
import org.sgdobservatory.report.model.PredictionReport;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.sim.theory.SgdQuadratic1D;

/**
 * Directions along which a symmetry of the loss leaves the parameters still: softmax regression's shift of every
 * class's bias has an exact zero eigenvalue (7e-17 from the exact products on iris) and noise at rounding level
 * (1e-27). Such a direction is not predicted ({@code NO_NOISE}), beside a real one that is, in either data order; the
 * reshuffled closed form must still answer at that eigenvalue (where {@code 1 - eta h} rounds to 1) rather than stop
 * the report.
 */
class DirectionPredictionsTest {

    @ParameterizedTest
    @EnumSource(value = DataOrder.class, names = {"IID", "RESHUFFLED"})
    void aDirectionWithoutNoiseIsNotPredictedAndARealOneIs(DataOrder order) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .updater(new Sgd(0.3)).dataType(DataType.DOUBLE).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        DirectionFrame frame = DirectionFrame.of(NetworkAdapter.of(net), 0, 0).frame().orElseThrow();
        double s = 1 / Math.sqrt(3);
        DirectionBasis basis = new DirectionBasis(frame, new double[][] {{1, 0, 0, 0, 0, 0, 0, 0, 0},
            {0, 0, 0, 0, 0, 0, s, s, s}}, new double[] {0.58, 7.3e-17}, new double[] {1e-7, 1e-7},
                new boolean[] {true, true}, new SpectralReport.Solve(2, 0, 120, 30, SpectralReport.HessianProducts.EXACT,
                        SpectralReport.Residuals.LANCZOS_ESTIMATE,
                SpectralReport.StopReason.CONVERGED, 0));
        double[][] noise = {{0.025, 0.003, 0.04}, {1.4e-27, 2.8e-28, 9.6e-11}};

        List<PredictionReport> p = DirectionPredictions.of(basis, noise, order, 10, 12);

        assertEquals(PredictionMethod.CLOSED_FORM, p.get(0).method(), "the real direction is predicted");
        double iid = SgdQuadratic1D.predict(0.3, 0.58, 0.025).stationaryVariance().orElseThrow();
        assertEquals(iid, p.get(0).varianceIid(), 1e-12 * iid, "its i.i.d. value is the closed form's");
        assertEquals(Optional.of(NotPredictedReason.NO_NOISE), p.get(1).notPredicted(), "the symmetry is not");
        assertTrue(p.get(1).basis().contains("no measurable gradient noise"), p.get(1).basis());
    }
}
