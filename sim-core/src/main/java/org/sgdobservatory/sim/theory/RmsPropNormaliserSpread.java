package org.sgdobservatory.sim.theory;

/**
 * How much RMSProp's normaliser {@code v} fluctuates at a fixed point: the relative standard deviation of
 * {@code v_t = rho v_{t-1} + (1 - rho) g_t^2} when the minibatch gradients {@code g_t} are i.i.d. with mean zero,
 * each the mean of {@code B} i.i.d. per-example slopes of excess kurtosis {@code kappa}.
 *
 * <p>The mean of {@code B} i.i.d. values has excess kurtosis {@code kappa / B}, so
 * {@code Var(g^2) / E[g^2]^2 = E[g^4]/E[g^2]^2 - 1 = 2 + kappa / B}; an exponential average of i.i.d. terms has
 * {@code Var(v) = (1 - rho)^2 / (1 - rho^2) Var(g^2) = (1 - rho)/(1 + rho) Var(g^2)} and {@code E[v] = E[g^2]}.
 * Hence {@code sd(v) / E[v] = sqrt((2 + kappa / B)(1 - rho) / (1 + rho))}, exact under these assumptions. Gaussian
 * slopes at {@code rho = 0.95} give 0.23; one example in a thousand carrying a direction's noise
 * ({@code kappa ~ 1000}) gives about 1 at {@code B = 32}: then {@code P = lr / (sqrt(v) + eps)} is far from frozen and
 * the frozen-preconditioner mean field does not describe the dynamics ({@code docs/theory.md#spectral-directions}).
 * Stateless.
 */
public final class RmsPropNormaliserSpread {

    private RmsPropNormaliserSpread() {
    }

    /**
     * {@code sqrt((2 + kappa / B)(1 - rho) / (1 + rho))}; NaN when an argument is out of range.
     *
     * @param excessKurtosis the per-example slopes' excess kurtosis (at least -2)
     * @param batchSize {@code B >= 1}
     * @param rho RMSProp's decay, in {@code [0, 1)}
     */
    public static double relative(double excessKurtosis, int batchSize, double rho) {
        if (!(excessKurtosis >= -2 && batchSize >= 1 && rho >= 0 && rho < 1)) {
            return Double.NaN;
        }
        return Math.sqrt(Math.max(0, 2 + excessKurtosis / batchSize) * (1 - rho) / (1 + rho));
    }
}
