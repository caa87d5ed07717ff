package org.mysqldiscovery.sandbox.mysql;

/** A sandbox MariaDB operation failed; the message names the server and the statement. */
public class MariaDbException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MariaDbException(String message, Throwable cause) {
        super(message, cause);
    }

    public MariaDbException(String message) {
        super(message);
    }
}
