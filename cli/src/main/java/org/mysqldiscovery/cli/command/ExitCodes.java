package org.mysqldiscovery.cli.command;

/** The CLI's exit codes, the same for every command. */
public final class ExitCodes {
    /** Done; the condition asked about holds. */
    public static final int OK = 0;
    /** The condition is not met (precheck failed, not converged in time, refused). */
    public static final int NOT_MET = 1;
    /** Usage or input error, or the command could not run (ZooKeeper unreachable, unreadable file). */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
