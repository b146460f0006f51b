package org.sgdobservatory.sim.simulation;

import org.sgdobservatory.sim.gradient.NoisyGradient;
import org.sgdobservatory.sim.landscape.Landscape;
import org.sgdobservatory.sim.noise.GradientNoise;
import org.sgdobservatory.sim.optim.Sgd;

/**
 * The Euler-Maruyama integrator of the lecture's SDE {@code dPhi = -g(Phi) dt + sqrt(eta Sigma) dW}
 * (docs/theory.md#sgd-as-a-stochastic-differential-equation) with time step {@code dt}:
 * {@code Phi <- Phi - dt g(Phi) + sqrt(eta dt) Sigma^{1/2} z}. That is exactly SGD with learning rate
 * {@code dt} on gradients whose noise is scaled by {@code sqrt(eta/dt)}, so the integrator reuses the
 * simulator. With {@code dt = eta} it <em>is</em> discrete SGD; as {@code dt -> 0} it converges to the
 * SDE, whose stationary variance on a quadratic is {@code eta s2/(2h)}. Comparing the two shows
 * where discrete SGD and the SDE agree ({@code eta h -> 0}) and where they part ({@code eta h -> 2}).
 */
public final class EulerMaruyama {
    private EulerMaruyama() {
    }

    /**
     * A simulation builder that integrates the SDE of SGD with learning rate {@code learningRate} on
     * {@code landscape} with noise {@code noise}, in time steps {@code timeStep}; one simulation step
     * advances SDE time by {@code timeStep}. Set chains, steps and statistics on the returned builder.
     *
     * @throws IllegalArgumentException if {@code learningRate} or {@code timeStep} is not positive
     */
    public static Simulation.Builder builder(Landscape landscape, GradientNoise noise, double learningRate,
            double timeStep) {
        if (!(learningRate > 0 && timeStep > 0 && Double.isFinite(learningRate) && Double.isFinite(timeStep))) {
            throw new IllegalArgumentException("learningRate and timeStep must be finite and > 0, were "
                    + learningRate + " and " + timeStep);
        }
        return Simulation.builder()
                .gradient(NoisyGradient.scaled(landscape, noise, Math.sqrt(learningRate / timeStep)))
                .updater(new Sgd(timeStep));
    }
}
