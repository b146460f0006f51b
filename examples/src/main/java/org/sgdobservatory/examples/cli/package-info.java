/**
 * The {@code observatory} command line (picocli): {@code simulate}, {@code lecture}, {@code list}.
 * Exit codes: 0 success; 1 a run failed (bad configuration rejected by sim-core, unwritable directory);
 * 2 a usage error (unknown command, bad number, mismatched comma lists); 3 {@code lecture} ran but a
 * claim failed. Every error is one line on standard error, never a stack trace.
 */
package org.sgdobservatory.examples.cli;
