/**
 * The {@code observatory} command line (picocli): {@code run}, {@code attach}, {@code render}, {@code simulate},
 * {@code lecture}, {@code list}; the options several commands share are mixins ({@code ExecutionOptions},
 * {@code SeedOption}, {@code ReportDirectory},
 * {@code HelpOption}). Exit codes: 0 success; 1 a run failed (bad configuration rejected by sim-core, unwritable
 * directory, unreadable report, an {@code attach} model or CSV that cannot be read or does not fit the network); 2 a
 * usage error (unknown command, option or example, bad number, mismatched comma lists, a window that does not fit, an
 * {@code attach} option contradicting its files); 3 {@code lecture} ran but a claim failed. Every error is one line on
 * standard error, never a stack trace.
 */
package org.sgdobservatory.examples.cli;
