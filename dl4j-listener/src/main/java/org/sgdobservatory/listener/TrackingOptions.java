package org.sgdobservatory.listener;

import org.sgdobservatory.listener.sample.TrackingPlan;

/**
 * The tracking options of an {@link ObservatoryBuilder} (which parameters are tracked, with what memory, and which
 * get a close look): their defaults and the check of each value as it is set, throwing an
 * {@link ObservatorySetupException} naming the option, the value and the remedy. Mutable; not thread-safe.
 */
final class TrackingOptions {
    private double memoryBudgetMegabytes = 64;
    private int maxTrackedParameters = 32_768;
    private int closeUps = 6;
    private int maxLag = 32;
    private boolean lossSlices = true;

    void memoryBudgetMegabytes(double megabytes) {
        ObservatorySetupException.require(megabytes > 0 && Double.isFinite(megabytes), "memoryBudgetMegabytes",
                megabytes, "finite and > 0", "each tracked parameter takes " + TrackingPlan.bytesPerTrackedParameter()
                        + " bytes; the default is 64");
        this.memoryBudgetMegabytes = megabytes;
    }

    void maxTrackedParameters(int n) {
        ObservatorySetupException.require(n >= 1, "maxTrackedParameters", n, ">= 1",
                "the default is 32768; fewer cost less time per observed iteration");
        this.maxTrackedParameters = n;
    }

    void closeUps(int count) {
        ObservatorySetupException.require(count >= 0 && count <= 1000, "closeUps", count, "in 0..1000",
                "each close-up holds about 17 kB and costs 41 probe-set loss evaluations");
        this.closeUps = count;
    }

    void maxLag(int lag) {
        ObservatorySetupException.require(lag >= 1 && lag <= 1024, "maxLag", lag, "in 1..1024",
                "it sets only the close-ups' autocorrelation plots");
        this.maxLag = lag;
    }

    void lossSlices(boolean slices) {
        this.lossSlices = slices;
    }

    /** The close-ups' largest autocorrelation lag (the window must give twice as many observations). */
    int maxLag() {
        return maxLag;
    }

    ObservatoryConfig.Tracking build() {
        return new ObservatoryConfig.Tracking(memoryBudgetMegabytes, maxTrackedParameters, closeUps, maxLag,
                lossSlices);
    }
}
