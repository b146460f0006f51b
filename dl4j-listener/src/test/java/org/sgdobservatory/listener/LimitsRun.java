package org.sgdobservatory.listener;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.ObservatoryReport;

/**
 * The child process of {@link LimitsTest}: trains a ReLU MLP with softmax output on seeded Gaussian inputs and random
 * labels (minibatches of 32, Sgd), with or without the observatory at its defaults except a fixed window, and prints
 * one line {@code RESULT key=value ...}: wall time, peak resident set ({@code VmHWM}), peak heap used (sum of the heap
 * pools' peaks), JavaCPP's peak physical bytes seen, whether a report came, its findings' codes, the report file's and
 * sidecar's sizes.
 *
 * <p>Arguments: {@code layers} (e.g. {@code 784,2048,2048,2048,10}), {@code iterations}, {@code on|off},
 * {@code windowStart}, {@code windowIterations}, then optionally {@code trackAll <reportFile>} (track every parameter
 * and write the report, to measure its size).
 */
public final class LimitsRun {

    private LimitsRun() {
    }

    /** Runs once and prints the result line. */
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        int[] layers = java.util.Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray();
        int iterations = Integer.parseInt(args[1]);
        boolean on = args[2].equals("on");
        int start = Integer.parseInt(args[3]);
        int window = Integer.parseInt(args[4]);
        boolean trackAll = args.length > 5 && args[5].equals("trackAll");
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.01))
                .weightInit(WeightInit.RELU).dataType(DataType.FLOAT).list();
        for (int i = 1; i < layers.length - 1; i++) {
            b.layer(new DenseLayer.Builder().nIn(layers[i - 1]).nOut(layers[i]).activation(Activation.RELU).build());
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(layers[layers.length - 2])
                .nOut(layers[layers.length - 1]).activation(Activation.SOFTMAX).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        ObservatoryListener listener = null;
        Path reportFile = null;
        if (on) {
            ObservatoryBuilder cb = ObservatoryListener.builder().startAtIteration(start)
                    .windowIterations(window);
            if (trackAll) {
                reportFile = Path.of(args[6]);
                cb.maxTrackedParameters((int) net.numParams()).memoryBudgetMegabytes(4096).reportFile(reportFile);
            }
            if (args.length > 5 && args[5].equals("noDirections")) {
                cb.directions(0);
            }
            listener = cb.build().attachTo(net);
        }
        Random rnd = new Random(7);
        int batch = 32;
        long peakPhysical = 0;
        for (int it = 0; it < iterations; it++) {
            float[] x = new float[batch * layers[0]];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            float[][] y = new float[batch][layers[layers.length - 1]];
            for (float[] row : y) {
                row[rnd.nextInt(row.length)] = 1;
            }
            INDArray features = Nd4j.createFromArray(x).reshape(batch, layers[0]);
            net.fit(new DataSet(features, Nd4j.createFromArray(y)));
            peakPhysical = Math.max(peakPhysical, org.bytedeco.javacpp.Pointer.physicalBytes());
            if (System.getProperty("trace") != null) {
                System.out.println("it " + it + " physicalMB " + org.bytedeco.javacpp.Pointer.physicalBytes() / 1048576);
            }
        }
        ObservatoryReport report = listener == null ? null : listener.lastReport().orElse(null);
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        long hwmKb = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
        StringBuilder out = new StringBuilder("RESULT");
        out.append(String.format(Locale.ROOT, " javacppMaxBytesMB=%.0f javacppMaxPhysicalMB=%.0f",
                org.bytedeco.javacpp.Pointer.maxBytes() / 1048576.0,
                org.bytedeco.javacpp.Pointer.maxPhysicalBytes() / 1048576.0));
        out.append(String.format(Locale.ROOT, " params=%d seconds=%.1f rssMB=%.0f heapPeakMB=%.0f physicalPeakMB=%.0f",
                net.numParams(), (System.nanoTime() - t0) / 1e9, hwmKb / 1024.0, heapPeak / 1048576.0,
                peakPhysical / 1048576.0));
        if (on) {
            out.append(" report=").append(report != null);
            if (report != null) {
                out.append(" tracked=").append(report.cost().trackedParameters());
                out.append(" probeMillis=").append(Math.round(report.cost().probeMillis()));
                out.append(" findings=").append(report.findings().stream().map(f -> f.code().name()).distinct()
                        .collect(Collectors.joining(",")));
                if (reportFile != null) {
                    out.append(" reportBytes=").append(Files.size(reportFile));
                    long side = report.parameterSidecar().map(s -> s.bytes()).orElse(0L);
                    out.append(" sidecarBytes=").append(side);
                    out.append(" allInJsonBytes=").append(org.sgdobservatory.report.model.ReportJson.write(
                            report.withParameters(report.parameters(), java.util.Optional.empty()))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                }
                for (Finding f : report.findings()) {
                    System.out.println("FINDING " + f.code() + ": " + f.message());
                }
            } else {
                listener.lastReport();
                try {
                    listener.report();
                } catch (IllegalStateException e) {
                    out.append(" failure=").append(e.getMessage().replace(' ', '_'));
                }
            }
        }
        System.out.println(out);
    }
}
