package org.sgdobservatory.examples.cli;

import org.sgdobservatory.examples.network.RunSettings;
import picocli.CommandLine.Option;

/**
 * {@code --tracking-mb MB}: the listener's memory budget, which caps the tracked parameters ({@code run},
 * {@code attach}).
 */
final class TrackingOption {

    @Option(names = "--tracking-mb", paramLabel = "MB", defaultValue = "" + RunSettings.DEFAULT_TRACKING_MEGABYTES,
            description = "Listener memory (default: ${DEFAULT-VALUE}).")
    double megabytes;
}
