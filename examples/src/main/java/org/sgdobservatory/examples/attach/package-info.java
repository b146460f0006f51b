/**
 * {@code observatory attach}: a network saved with DL4J's {@code ModelSerializer} ({@link
 * org.sgdobservatory.examples.attach.SavedModel}), continued on the user's CSV ({@code CsvTable} in the data package)
 * and observed like an example run ({@link org.sgdobservatory.examples.attach.AttachRunner}); and what
 * {@code run --save-model} leaves for it ({@link org.sgdobservatory.examples.attach.SavedRun}).
 */
package org.sgdobservatory.examples.attach;
