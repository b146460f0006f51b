package org.sgdobservatory.listener.probe;

import java.util.Random;

import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.report.model.SpectralReport;

/** Direction bases for tests outside this package: random directions in a network's frame, no solve. */
public final class DirectionBases {

    private DirectionBases() {
    }

    /**
     * {@code k} seeded Gaussian directions of norm about 1 in the frame of {@code adapter}'s network at iteration 0,
     * with eigenvalues {@code k, k-1, ..., 1}.
     */
    public static DirectionBasis random(NetworkAdapter adapter, int k, long seed) {
        DirectionFrame frame = DirectionFrame.of(adapter, 0, 0).frame().orElseThrow();
        int p = (int) adapter.numParams();
        Random rnd = new Random(seed);
        double[][] vectors = new double[k][p];
        double[] eigenvalues = new double[k];
        for (int d = 0; d < k; d++) {
            for (int i = 0; i < p; i++) {
                vectors[d][i] = rnd.nextGaussian() / Math.sqrt(p);
            }
            eigenvalues[d] = k - d;
        }
        SpectralReport.Solve solve = new SpectralReport.Solve(k, 0, 1, 0, SpectralReport.HessianProducts.EXACT,
                SpectralReport.Residuals.LANCZOS_ESTIMATE, SpectralReport.StopReason.CONVERGED, 0);
        return new DirectionBasis(frame, vectors, eigenvalues, new double[k], new boolean[k], solve);
    }
}
