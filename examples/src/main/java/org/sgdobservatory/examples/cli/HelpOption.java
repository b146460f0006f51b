package org.sgdobservatory.examples.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} for the subcommands (the version flag lives on the top command only). */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
