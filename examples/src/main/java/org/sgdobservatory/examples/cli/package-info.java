/**
 * The {@code observatory} command line (picocli): {@code run} (with {@code --serve}, a live view), {@code attach},
 * {@code render}, {@code compare}, {@code simulate}, {@code lecture}, {@code list}; the options several commands
 * share are mixins ({@code ExecutionOptions}, {@code SeedOption}, {@code ReportDirectory}, {@code ServeOptions},
 * {@code HelpOption}). Exit codes: 0 success; 1 a run failed (bad configuration rejected by sim-core, unwritable
 * directory, unreadable report, a {@code --serve} port that cannot be bound, an {@code attach} model or CSV that
 * cannot be read or does not fit the network); 2 a usage error (unknown command, option or example, bad number,
 * mismatched comma lists, a window that does not fit, fewer than two reports to compare, an {@code attach} option
 * contradicting its files); 3 {@code lecture} ran but a claim failed. Every error is one line on standard error,
 * never a stack trace.
 */
package org.sgdobservatory.examples.cli;
