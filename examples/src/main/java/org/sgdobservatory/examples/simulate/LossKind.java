package org.sgdobservatory.examples.simulate;

import org.sgdobservatory.sim.landscape.ScalarLoss;

/**
 * The 1-D loss of every dimension; {@code --curvature} sets its scale {@code k}: the curvature
 * {@code h} of {@code h x^2/2}, the coefficient {@code c} of {@code c x^4}, or the barrier height
 * {@code a} of {@code a (x^2 - 1)^2} (minima at ±1 with curvature {@code 8a}).
 */
public enum LossKind implements CliName {
    /** {@code l(x) = h x^2 / 2}: the closed-form theory applies. */
    QUADRATIC("quadratic"),
    /** {@code l(x) = c x^4}: flat minimum; predictions from the Gibbs density. */
    QUARTIC("quartic"),
    /** {@code l(x) = a (x^2 - 1)^2}: two minima; predictions from the Gibbs density. */
    DOUBLE_WELL("double-well");

    private final String cliName;

    LossKind(String cliName) {
        this.cliName = cliName;
    }

    @Override
    public String cliName() {
        return cliName;
    }

    /** The 1-D loss with scale {@code k} (curvature, coefficient or barrier height). */
    public ScalarLoss loss(double scale) {
        return switch (this) {
            case QUADRATIC -> ScalarLoss.quadratic(scale);
            case QUARTIC -> ScalarLoss.quartic(scale);
            case DOUBLE_WELL -> ScalarLoss.doubleWell(scale);
        };
    }
}
