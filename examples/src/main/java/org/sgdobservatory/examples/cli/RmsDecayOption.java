package org.sgdobservatory.examples.cli;

import org.sgdobservatory.examples.network.RunSettings;
import picocli.CommandLine.Option;

/** {@code --rms-decay RHO}: RMSProp's decay ({@code run}, {@code simulate}). */
final class RmsDecayOption {

    @Option(names = "--rms-decay", paramLabel = "RHO", defaultValue = "" + RunSettings.DEFAULT_RMS_DECAY,
            description = "RMSProp decay (default: ${DEFAULT-VALUE}).")
    double rmsDecay;
}
