package org.mysqldiscovery.common.files;

/** A role, schema or drain file that cannot be read or written; the message names the file and the reason. */
public final class RoleFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final FileIoException.Kind kind;

    public RoleFileException(String message) {
        super(message);
        this.kind = null;
    }

    public RoleFileException(String message, Throwable cause) {
        super(message, cause);
        this.kind = null;
    }

    /** A bounded file system call that failed: same message, same kind. */
    public RoleFileException(FileIoException cause) {
        super(cause.getMessage(), cause);
        this.kind = cause.kind();
    }

    /** The file does not exist. */
    public boolean missing() {
        return kind == FileIoException.Kind.MISSING;
    }

    /** The file system did not answer within the bound (or an earlier call is still blocked): a watchdog event. */
    public boolean stuck() {
        return kind != null && (kind == FileIoException.Kind.TIMEOUT || kind == FileIoException.Kind.BLOCKED);
    }
}
