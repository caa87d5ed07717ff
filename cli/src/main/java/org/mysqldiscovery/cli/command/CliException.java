package org.mysqldiscovery.cli.command;

/** Ends a command with a message on stderr (no stack trace) and an exit code. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    public static CliException notMet(String message) {
        return new CliException(ExitCodes.NOT_MET, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
