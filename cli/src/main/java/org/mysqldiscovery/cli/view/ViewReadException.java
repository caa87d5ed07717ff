package org.mysqldiscovery.cli.view;

/** ZooKeeper could not be read (connection lost, no permission, …); the message says which path and why. */
public final class ViewReadException extends Exception {
    private static final long serialVersionUID = 1L;

    public ViewReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
