package org.sgdobservatory.report.model;

/** A report that cannot be read: the message is one line naming what is wrong and what to do. */
public final class ReportFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** With a one-line message. */
    public ReportFormatException(String message) {
        super(message);
    }
}
