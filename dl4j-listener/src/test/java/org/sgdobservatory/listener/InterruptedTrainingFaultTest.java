package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ReportJson;

/**
 * Fault: the training thread is interrupted. DL4J's {@code fit} does not look at the interrupt flag, so training goes
 * on; the observatory must neither fail because of it (the report is written from a callback while the flag is set:
 * interruptible channels would refuse that write) nor swallow it (the flag is still set when {@code fit} returns, for
 * the user's code to see). Training is bitwise as without the listener.
 */
class InterruptedTrainingFaultTest {

    @Test
    void anInterruptFromAnotherThreadIsNeitherFatalNorSwallowed(@TempDir Path dir) throws Exception {
        MultiLayerNetwork plain = ReportFaultRuns.network();
        ReportFaultRuns.train(plain);
        MultiLayerNetwork observed = ReportFaultRuns.network();
        Path file = dir.resolve("report.json");
        ObservatoryListener l = ReportFaultRuns.listener(file, 2000).attachTo(observed);
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        observed.addListeners(new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                if (iteration == 30) {
                    reached.countDown();
                    try {
                        interrupted.await();
                    } catch (InterruptedException e) {
                        // the interrupt arrived while waiting: set the flag again, as the interrupter meant it
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        AtomicBoolean flagAfterFit = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread trainer = new Thread(() -> {
            try {
                ReportFaultRuns.train(observed);
                flagAfterFit.set(Thread.currentThread().isInterrupted());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "training");
        trainer.start();
        reached.await();
        trainer.interrupt();
        interrupted.countDown();
        trainer.join();

        assertEquals(null, failure.get(), "fit returned normally");
        assertTrue(flagAfterFit.get(), "the interrupt is still set when fit returns: the observatory did not swallow it");
        ObservatoryReport r = l.lastReport().orElseThrow(() -> new AssertionError("a report"));
        assertFalse(r.hasFinding(FindingCode.REPORT_NOT_WRITTEN), "written with the flag set: " + r.findings());
        assertFalse(r.hasFinding(FindingCode.LISTENER_FAILURE), "no internal failure: " + r.findings());
        assertEquals(ReportJson.write(r), ReportJson.write(ReportJson.readFile(file)), "the file reads back whole");
        TwinRuns.assertIdentical(plain, observed, "interrupted at iteration 30");
    }

    @Test
    void reportCalledWithTheFlagSetWritesAndKeepsIt(@TempDir Path dir) {
        MultiLayerNetwork net = ReportFaultRuns.network();
        Path file = dir.resolve("report.json");
        ObservatoryListener l = ObservatoryListener.builder().startAtIteration(20).maxLag(8).reservoirBatches(8)
                .directions(0).reportFile(file).build().attachTo(net);
        ReportFaultRuns.train(net);
        Thread.currentThread().interrupt();
        try {
            ObservatoryReport r = l.report();
            assertTrue(Thread.currentThread().isInterrupted(), "report() keeps the caller's interrupt");
            assertFalse(r.hasFinding(FindingCode.REPORT_NOT_WRITTEN), "written: " + r.findings());
            assertEquals(ReportJson.write(r), ReportJson.write(ReportJson.readFile(file)), "the file reads back");
        } finally {
            Thread.interrupted();
        }
    }
}
