/**
 * The HTML report: one self-contained page (scripts, styles and data inlined) rendered from the report-model records,
 * an example report or a single listener report, so that {@code observatory render report.json}, the examples and a
 * user's own training produce the same page. {@link org.sgdobservatory.report.html.HtmlReport} is the entry point;
 * the other classes each render one section of the page.
 */
package org.sgdobservatory.report.html;
