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
import org.sgdobservatory.sim.spectral.ResidualMode;

/**
 * Finds the top eigen-directions: Lanczos with full reorthogonalisation (sim-core's {@link Lanczos}) on the
 * {@link HessianOperator} of an independent double-precision copy of the network at its current parameters, over the
 * given examples. Memory: the Lanczos basis ({@code 8 (m + 1) P} bytes) and the directions kept for the window
 * ({@code (4 + w) k P}, {@code w} the network's bytes per value) stay within {@code directionMegabytes}: fewer basis
 * vectors when needed, then fewer directions (finding DIRECTIONS_LIMITED), none when not even one fits (a finding
 * naming the size needed). With exact products the residuals are Lanczos's estimates, which equal the recomputed
 * ones to rounding ({@code HessianOperatorTest} checks it); with differences each is recomputed with one more
 * product. Stateless.
 */
public final class SpectralProbe {

    /** Lanczos's relative residual tolerance: well above the products' error (rounding when exact, ~1e-7 by differences). */
    static final double TOLERANCE = 1e-5;

    /**
     * Relative step of the forward differences where the products cannot be exact: small enough that a probe
     * example's ReLU or max-pool rarely switches within it, large enough that rounding stays near 1e-7 of the product
     * ({@link HessianOperator}).
     */
    static final double FORWARD_STEP = 1e-9;

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
        k = directionsThatFit(config, adapter, k, findings);
        if (k < 1) {
            return Optional.empty();
        }
        long budget = (long) (config.spectral().megabytes() * 1024 * 1024);
        int width = adapter.params().dataType().width();
        long kept = keptBytes(k, p, width);
        INDArray theta = adapter.params().castTo(DataType.DOUBLE).dup().reshape(p);
        if (!Double.isFinite(theta.sumNumber().doubleValue())) {
            findings.add(FindingCode.DIRECTIONS_SKIPPED, "the parameters were not finite (NaN or infinite) at iteration "
                    + iteration + ", when the eigen-directions were to be found: none were looked for");
            return Optional.empty();
        }
        GradientProbes probes = new GradientProbes(adapter, dl4jIteration, epoch);
        int m = Lanczos.defaultBasisVectors(Math.min(k, (int) p));
        HessianOperator operator;
        try {
            operator = new HessianOperator(probes, theta, examples, frame.frame().get(), FORWARD_STEP);
        } catch (IllegalArgumentException e) {
            return notFound(findings, iteration, e);
        }
        // exact, symmetric products: Lanczos's residual estimate is the residual to rounding, and the k products that
        // would recompute it are spared; differences may not be quite symmetric, so theirs are recomputed
        Lanczos lanczos = Lanczos.builder().eigenpairs(Math.min(k, (int) p)).seed(seed)
                .maxBasisVectors(Math.max(k + 2, Math.min(m, (int) p))).memoryBudgetBytes(budget - kept)
                .maxMatrixVectorProducts(3 * m).tolerance(TOLERANCE)
                .residualMode(operator.exact() ? ResidualMode.LANCZOS_ESTIMATE : ResidualMode.TRUE).build();
        LanczosResult r;
        try {
            r = lanczos.solve(operator);
        } catch (IllegalArgumentException e) {
            return notFound(findings, iteration, e);
        }
        return Optional.of(basis(r, frame.frame().get(), k, iteration, examples.size(), operator.exact()
                ? SpectralReport.HessianProducts.EXACT : SpectralReport.HessianProducts.FORWARD_DIFFERENCES, t0));
    }

    /**
     * No directions, with a finding: sim-core refuses a non-finite product (a NaN loss on the probe examples), and
     * observing goes on.
     */
    private static Optional<DirectionBasis> notFound(Findings findings, long iteration, IllegalArgumentException e) {
        findings.add(FindingCode.DIRECTIONS_SKIPPED, "the eigen-directions could not be found at iteration "
                + iteration + ": " + e.getMessage());
        return Optional.empty();
    }

    /**
     * How many of the {@code k} directions asked for fit the network and the memory budget: {@code k}, fewer (with a
     * finding) or 0 (with a finding: none are looked for).
     */
    private static int directionsThatFit(ObservatoryConfig config, NetworkAdapter adapter, int k, Findings findings) {
        long p = adapter.numParams();
        long budget = (long) (config.spectral().megabytes() * 1024 * 1024);
        if (!adapter.singleInputSingleOutput() || p > Integer.MAX_VALUE) {
            findings.add(FindingCode.DIRECTIONS_SKIPPED, adapter.singleInputSingleOutput()
                    ? "the directions need at most " + Integer.MAX_VALUE + " parameters; this network has " + p
                    : "the directions need a network with one input and one output array; this ComputationGraph has "
                    + adapter.inputsAndOutputs());
            return 0;
        }
        int width = adapter.params().dataType().width();
        int fit = directionsWithin(budget, k, p, width);
        if (fit < 1) {
            findings.add(FindingCode.DIRECTIONS_SKIPPED, String.format(java.util.Locale.ROOT, "one direction of %d"
                    + " parameters needs %.0f MB (the direction kept, its projection row and the smallest Lanczos basis),"
                    + " directionMegabytes = %.0f; raise it to see the directions", p,
                    peakBytes(1, p, width) / 1048576.0, config.spectral().megabytes()));
            return 0;
        }
        if (fit < k) {
            findings.add(FindingCode.DIRECTIONS_LIMITED, String.format(java.util.Locale.ROOT, "%d of the %d directions"
                    + " asked for fit directionMegabytes = %.0f with %d parameters; %d need %.0f MB", fit, k,
                    config.spectral().megabytes(), p, k, peakBytes(k, p, width) / 1048576.0));
            return fit;
        }
        return k;
    }

    /** The basis from Lanczos's result: vectors, eigenvalues, residuals, and how the solve went. */
    private static DirectionBasis basis(LanczosResult r, DirectionFrame frame, int k, long iteration, int examples,
                                        SpectralReport.HessianProducts products, long t0) {
        int found = r.size();
        double[][] vectors = new double[found][];
        double[] residuals = new double[found];
        boolean[] converged = new boolean[found];
        for (int i = 0; i < found; i++) {
            vectors[i] = r.eigenvector(i);
            residuals[i] = r.pairs().get(i).residualNorm();
            converged[i] = r.pairs().get(i).converged();
        }
        SpectralReport.Solve solve = new SpectralReport.Solve(k, iteration, examples, r.matrixVectorProducts(),
                products, r.residualMode() == ResidualMode.TRUE ? SpectralReport.Residuals.RECOMPUTED
                        : SpectralReport.Residuals.LANCZOS_ESTIMATE,
                SpectralReport.StopReason.valueOf(r.stopReason().name()), (System.nanoTime() - t0) / 1e9);
        return new DirectionBasis(frame, vectors, r.eigenvalues(), residuals, converged, solve);
    }
}
