package org.mysqldiscovery.cli.precheck;

/**
 * A replica's replication threads, from {@code SHOW SLAVE STATUS} / {@code SHOW REPLICA STATUS}.
 *
 * @param configured     false when the server has no replication configured (the statement returned no row)
 * @param ioRunning      the receiver thread runs ({@code Yes}); {@code Connecting} counts as not running
 * @param sqlRunning     the applier thread runs
 * @param secondsBehind  {@code Seconds_Behind_Master}/{@code _Source}; null when the server reports NULL
 * @param lastError      the applier's or receiver's last error, or null
 */
public record ReplicationState(boolean configured, boolean ioRunning, boolean sqlRunning, Long secondsBehind,
        String lastError) {

    public ReplicationState {
        if (secondsBehind != null && secondsBehind < 0) {
            throw new IllegalArgumentException("secondsBehind " + secondsBehind + " is negative");
        }
    }

    public static ReplicationState notConfigured() {
        return new ReplicationState(false, false, false, null, null);
    }
}
