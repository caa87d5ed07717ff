package org.mysqldiscovery.common.files;

/** A bounded file system call that failed; the message names the file and says why. */
public final class FileIoException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why, for callers that treat some cases differently (a missing drain file is "no lease"). */
    public enum Kind { MISSING, NOT_REGULAR, TOO_LARGE, TIMEOUT, BLOCKED, IO }

    private final Kind kind;

    public FileIoException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public FileIoException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the call did not answer in time (or an earlier one is still blocked): a watchdog event. */
    public boolean stuck() {
        return kind == Kind.TIMEOUT || kind == Kind.BLOCKED;
    }
}
