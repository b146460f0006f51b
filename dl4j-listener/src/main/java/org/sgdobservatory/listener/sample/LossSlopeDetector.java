package org.sgdobservatory.listener.sample;

/**
 * Decides when the smoothed training loss has stopped falling: the loss is averaged in blocks of
 * {@code blockLength} iterations; over the last {@code blocks} block means the least-squares slope is
 * compared with its standard error (from the residual scatter); "flat" when {@code |slope| < 2 SE} or the
 * slope is positive. O(1) per iteration, no allocation. Not thread-safe.
 */
final class LossSlopeDetector {

    private final int blockLength;
    private final double[] means;
    private int filled;
    private int next;
    private double sum;
    private int inBlock;

    LossSlopeDetector(int blockLength, int blocks) {
        this.blockLength = blockLength;
        this.means = new double[blocks];
    }

    /** Adds one loss value; returns true once the loss is flat. Non-finite values are ignored. */
    boolean addAndTest(double loss) {
        if (!Double.isFinite(loss)) {
            return false;
        }
        sum += loss;
        if (++inBlock < blockLength) {
            return false;
        }
        means[next] = sum / blockLength;
        next = (next + 1) % means.length;
        filled = Math.min(filled + 1, means.length);
        sum = 0;
        inBlock = 0;
        if (filled < means.length) {
            return false;
        }
        int k = means.length;
        double xm = (k - 1) / 2.0;
        double ym = 0;
        for (int i = 0; i < k; i++) {
            ym += block(i);
        }
        ym /= k;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < k; i++) {
            sxy += (i - xm) * (block(i) - ym);
            sxx += (i - xm) * (i - xm);
        }
        double slope = sxy / sxx;
        double rss = 0;
        for (int i = 0; i < k; i++) {
            double r = block(i) - ym - slope * (i - xm);
            rss += r * r;
        }
        double se = Math.sqrt(rss / (k - 2) / sxx);
        return slope >= 0 || Math.abs(slope) < 2 * se;
    }

    /** Block mean i in time order (0 = oldest). */
    private double block(int i) {
        return means[(next + i) % means.length];
    }
}
