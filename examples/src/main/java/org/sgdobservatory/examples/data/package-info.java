/**
 * The bundled data sets ({@code src/main/resources/data}, attribution in its {@code NOTICE.md}) and their loaders:
 * one loader per file format, each returning {@link org.sgdobservatory.examples.data.LabelledData}.
 */
package org.sgdobservatory.examples.data;
