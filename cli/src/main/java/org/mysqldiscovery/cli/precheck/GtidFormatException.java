package org.mysqldiscovery.cli.precheck;

/** A GTID position or set read from a server (or typed by a person) that cannot be parsed; the message says where. */
public final class GtidFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public GtidFormatException(String message) {
        super(message);
    }
}
