package org.sgdobservatory.examples.cli;

import picocli.CommandLine.Option;

/** {@code --seed N}: the seed every random draw of a command is split from ({@code run}, {@code simulate}). */
final class SeedOption {

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;
}
