package org.mysqldiscovery.common.files;

/** A role, schema or drain file that cannot be read or written; the message names the file and the reason. */
public final class RoleFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public RoleFileException(String message) {
        super(message);
    }

    public RoleFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
