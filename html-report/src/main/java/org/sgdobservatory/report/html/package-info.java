/**
 * The HTML report: one self-contained page (scripts, styles and data inlined) rendered from an example
 * report's JSON tree, so that {@code observatory render report.json} and the examples produce the same page.
 */
package org.sgdobservatory.report.html;
