package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;

/**
 * Probes that fail on the double-precision copy cost the predictions, not the report. DL4J 1.0.0-M2.1's RReLU draws
 * its random slopes in ND4J's default type (FLOAT), so a training-mode pass of a DOUBLE copy mixes the two and
 * throws: the report then says PROBES_SKIPPED and keeps everything observed.
 */
class ProbeFailureTest {

    @Test
    void failingProbesLeaveAReportOfWhatWasObserved() {
        MultiLayerNetwork net = TestFixtures.smallMlp(Activation.RRELU);
        ObservatoryListener listener = ObservatoryListener.builder().startAtIteration(0).directions(0).rehearse(false)
                .build().attachTo(net);
        net.fit(new SamplingIterator(TestFixtures.independentFeatures().dataSet(DataType.FLOAT), 10, 80,
                SamplingIterator.Order.IID, 3));

        ObservatoryReport r = listener.report();
        assertTrue(r.hasFinding(FindingCode.PROBES_SKIPPED), "the probes' failure is a finding: " + r.findings());
        assertFalse(r.hasFinding(FindingCode.LISTENER_FAILURE), "not a failure of the listener: " + r.findings());
        assertTrue(r.window().samples() > 0, "the window's samples are reported");
        assertTrue(r.parameters().stream().allMatch(p -> !p.prediction().predicted()), "nothing is predicted");
        assertTrue(r.parameters().stream().allMatch(p -> p.observed().variance().value() > 0),
                "every tracked parameter's observed variance is reported");
    }
}
