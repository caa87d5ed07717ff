package org.mysqldiscovery.health.check;

/** The names of the checks, as they appear in {@code /health} and in metric names ({@code health.check.<name>.…}). */
public final class CheckNames {
    /** mysqld answers {@code SELECT 1} within the timeout. */
    public static final String MYSQLD = "mysqld";
    /** The restored-from-backup marker file exists (when configured). */
    public static final String RESTORE_MARKER = "restoreMarker";
    /** {@code Innodb_buffer_pool_load_status} reports a completed load (when required). */
    public static final String BUFFER_POOL = "bufferPool";
    /** {@code read_only} and replication fit the role. */
    public static final String ROLE_CONSISTENCY = "roleConsistency";
    /** IO and SQL threads run and lag is within the limit (replica roles). */
    public static final String REPLICATION = "replication";
    /** tcp mode: the port accepts a connection. */
    public static final String TCP = "tcp";
    /** The schema and role files are readable and valid. */
    public static final String ROLE_FILES = "roleFiles";
    /** There is no {@code quarantine/<self>} node. */
    public static final String QUARANTINE = "quarantine";
    /** No drain lease is running (primary role). */
    public static final String DRAIN = "drain";

    private CheckNames() {
    }
}
