package org.sgdobservatory.listener.probe;

import java.util.Optional;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.listener.ObservatoryConfig;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.report.Findings;
import org.sgdobservatory.listener.sample.MiniBatch;
import org.sgdobservatory.report.model.FindingCode;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.sim.spectral.Lanczos;
import org.sgdobservatory.sim.spectral.LanczosResult;

/**
 * Finds the top eigen-directions: Lanczos with full reorthogonalisation (sim-core's {@link Lanczos}) on the
 * {@link HessianOperator} of an independent double-precision copy of the network at its current parameters, over the
 * given examples. Memory: the Lanczos basis ({@code 8 (m + 1) P} bytes) and the directions kept for the window
 * ({@code (4 + w) k P}, {@code w} the network's bytes per value) stay within {@code directionMegabytes}: fewer basis
 * vectors when needed, then fewer directions (finding DIRECTIONS_LIMITED), none when not even one fits (a finding
 * naming the size needed). Stateless.
 */
public final class SpectralProbe {

    /** Lanczos's relative residual tolerance: well above the finite-difference operator's ~1e-9 asymmetry. */
    static final double TOLERANCE = 1e-5;

    private SpectralProbe() {
    }

    /**
     * Bytes the directions hold during the window: the eigenvectors ({@link DirectionBasis#bytesKept}) and the
     * projection matrix in the network's type ({@code width} bytes per value).
     */
    static long keptBytes(int k, long p, int width) {
        return DirectionBasis.bytesKept(k, p) + (long) width * k * p;
    }

    /** Peak bytes while solving for {@code k} directions: what is kept plus the smallest Lanczos basis. */
    static long peakBytes(int k, long p, int width) {
        return keptBytes(k, p, width) + Lanczos.bytesFor((int) Math.min(p, Integer.MAX_VALUE), k + 2);
    }

    /** The most directions, up to {@code k}, whose peak memory fits {@code budget}; 0 when none does. */
    static int directionsWithin(long budget, int k, long p, int width) {
        int fit = k;
        while (fit > 0 && peakBytes(fit, p, width) > budget) {
            fit--;
        }
        return fit;
    }

    /**
     * The basis, or empty (with a finding) when the frame, the memory or the network does not allow it.
     *
     * @param config the listener's configuration
     * @param adapter the training network (copied, never written)
     * @param examples the probe examples (the window's first minibatches)
     * @param iteration the listener's iteration, for the report
     * @param dl4jIteration DL4J's iteration (schedules)
     * @param epoch DL4J's epoch
     * @param seed Lanczos's start vector seed
     */
    public static Optional<DirectionBasis> solve(ObservatoryConfig config, NetworkAdapter adapter, MiniBatch examples,
                                                 long iteration, int dl4jIteration, int epoch, long seed,
                                                 Findings findings) {
        long t0 = System.nanoTime();
        int k = config.spectral().directions();
        long p = adapter.numParams();
        DirectionFrame.Frame frame = DirectionFrame.of(adapter, dl4jIteration, epoch);
        if (frame.frame().isEmpty()) {
            findings.add(FindingCode.DIRECTIONS_SKIPPED, frame.reason());
            return Optional.empty();
        }
        long budget = (long) (config.spectral().megabytes() * 1024 * 1024);
        if (!adapter.singleInputSingleOutput() || p > Integer.MAX_VALUE) {
            findings.add(FindingCode.DIRECTIONS_SKIPPED, "the directions need a network with one input and one output"
                    + " array, of at most " + Integer.MAX_VALUE + " parameters");
            return Optional.empty();
        }
        int width = adapter.params().dataType().width();
        int fit = directionsWithin(budget, k, p, width);
        if (fit < 1) {
            findings.add(FindingCode.DIRECTIONS_SKIPPED, String.format(java.util.Locale.ROOT, "one direction of %d"
                    + " parameters needs %.0f MB (the direction kept, its projection row and the smallest Lanczos basis),"
                    + " directionMegabytes = %.0f; raise it to see the directions", p,
                    peakBytes(1, p, width) / 1048576.0, config.spectral().megabytes()));
            return Optional.empty();
        }
        if (fit < k) {
            findings.add(FindingCode.DIRECTIONS_LIMITED, String.format(java.util.Locale.ROOT, "%d of the %d directions"
                    + " asked for fit directionMegabytes = %.0f with %d parameters; %d need %.0f MB", fit, k,
                    config.spectral().megabytes(), p, k, peakBytes(k, p, width) / 1048576.0));
            k = fit;
        }
        long kept = keptBytes(k, p, width);
        GradientProbes probes = new GradientProbes(adapter, dl4jIteration, epoch);
        INDArray theta = adapter.params().castTo(DataType.DOUBLE).dup().reshape(p);
        int m = Lanczos.defaultBasisVectors(Math.min(k, (int) p));
        Lanczos lanczos = Lanczos.builder().eigenpairs(Math.min(k, (int) p)).seed(seed)
                .maxBasisVectors(Math.max(k + 2, Math.min(m, (int) p))).memoryBudgetBytes(budget - kept)
                .maxMatrixVectorProducts(3 * m).tolerance(TOLERANCE).build();
        LanczosResult r = lanczos.solve(new HessianOperator(probes, theta, examples, frame.frame().get(),
                config.probing().finiteDifferenceStep()));
        int found = r.size();
        double[][] vectors = new double[found][];
        double[] residuals = new double[found];
        boolean[] converged = new boolean[found];
        for (int i = 0; i < found; i++) {
            vectors[i] = r.eigenvector(i);
            residuals[i] = r.pairs().get(i).residualNorm();
            converged[i] = r.pairs().get(i).converged();
        }
        SpectralReport.Solve solve = new SpectralReport.Solve(k, iteration, examples.size(), r.matrixVectorProducts()
                + r.residualProducts(), SpectralReport.StopReason.valueOf(r.stopReason().name()), (System.nanoTime() - t0) / 1e9);
        return Optional.of(new DirectionBasis(frame.frame().get(), vectors, r.eigenvalues(), residuals, converged,
                solve));
    }
}
