package org.sgdobservatory.examples.simulate;

/** The optimizer of a {@code simulate} run, with Deeplearning4j's semantics (sim-core's optim package). */
public enum OptimizerKind implements CliName {
    /** Plain SGD, {@code u = eta g}. */
    SGD("sgd"),
    /** DL4J's RmsProp: {@code u = eta g / (sqrt(v) + eps)}. */
    RMSPROP("rmsprop"),
    /** The lecture's {@code eta_i = eta'/sigma_i^2} with the given (known) noise variances. */
    VARNORM("varnorm");

    private final String cliName;

    OptimizerKind(String cliName) {
        this.cliName = cliName;
    }

    @Override
    public String cliName() {
        return cliName;
    }
}
