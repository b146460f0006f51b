package org.sgdobservatory.listener;

/**
 * The eigen-direction options of an {@link ObservatoryBuilder}: their defaults and the check of each value as it is
 * set, throwing an {@link ObservatorySetupException} naming the option, the value and the remedy. Mutable; not
 * thread-safe.
 */
final class SpectralOptions {
    private int directions = 16;
    private double directionMegabytes = 512;
    private int directionsEvery;

    void directions(int k) {
        ObservatorySetupException.require(k >= 0 && k <= 256, "directions", k, "in 0..256 (0 = off)",
                "each direction costs a row of the projection matrix read per sampled iteration and two forward"
                        + " passes at the end");
        this.directions = k;
    }

    void directionMegabytes(double megabytes) {
        ObservatorySetupException.require(megabytes > 0 && Double.isFinite(megabytes), "directionMegabytes",
                megabytes, "positive and finite", "the default is 512; use directions(0) to turn the directions off");
        this.directionMegabytes = megabytes;
    }

    void directionsEvery(int n) {
        ObservatorySetupException.require(n >= 0, "directionsEvery", n, ">= 0 (0 = automatic)",
                "0 lets the listener choose the stride from the measured cost");
        this.directionsEvery = n;
    }

    ObservatoryConfig.Spectral build() {
        return new ObservatoryConfig.Spectral(directions, directionMegabytes, directionsEvery);
    }
}
