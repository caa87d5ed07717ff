package org.mysqldiscovery.sandbox.mysql;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The parts of {@code SHOW SLAVE STATUS} the sandbox and its tests look at.
 *
 * @param ioRunning          {@code Slave_IO_Running}: Yes, No or Connecting
 * @param sqlRunning         {@code Slave_SQL_Running}: Yes or No
 * @param secondsBehindMaster empty when MariaDB says NULL (a replication thread is not running)
 * @param sqlDelaySeconds    {@code SQL_Delay}: the configured MASTER_DELAY
 */
public record ReplicaStatus(
        String masterHost,
        int masterPort,
        String ioRunning,
        String sqlRunning,
        OptionalLong secondsBehindMaster,
        long sqlDelaySeconds,
        String lastIoError,
        String lastSqlError,
        String usingGtid,
        GtidPosition gtidIoPos) {

    public ReplicaStatus {
        Objects.requireNonNull(masterHost, "masterHost");
        Objects.requireNonNull(ioRunning, "ioRunning");
        Objects.requireNonNull(sqlRunning, "sqlRunning");
        Objects.requireNonNull(secondsBehindMaster, "secondsBehindMaster");
        lastIoError = Objects.requireNonNullElse(lastIoError, "");
        lastSqlError = Objects.requireNonNullElse(lastSqlError, "");
        usingGtid = Objects.requireNonNullElse(usingGtid, "");
        Objects.requireNonNull(gtidIoPos, "gtidIoPos");
    }

    /** Both threads run. */
    public boolean replicating() {
        return "Yes".equals(ioRunning) && "Yes".equals(sqlRunning);
    }

    /** {@code host:port} of the server it replicates from. */
    public String source() {
        return masterHost + ":" + masterPort;
    }

    /**
     * Reads one row of {@code SHOW SLAVE STATUS} given as column name to value (null for SQL NULL).
     * Missing or unreadable columns fail with the column's name.
     */
    public static ReplicaStatus fromRow(Map<String, String> row) {
        Objects.requireNonNull(row, "row");
        String sbm = row.get("Seconds_Behind_Master");
        return new ReplicaStatus(
                required(row, "Master_Host"),
                (int) number(row, "Master_Port"),
                required(row, "Slave_IO_Running"),
                required(row, "Slave_SQL_Running"),
                sbm == null ? OptionalLong.empty() : OptionalLong.of(parse("Seconds_Behind_Master", sbm)),
                row.get("SQL_Delay") == null ? 0 : number(row, "SQL_Delay"),
                row.get("Last_IO_Error"),
                row.get("Last_SQL_Error"),
                row.get("Using_Gtid"),
                GtidPosition.parse(row.get("Gtid_IO_Pos")));
    }

    private static String required(Map<String, String> row, String column) {
        String value = row.get(column);
        if (value == null) {
            throw new IllegalArgumentException("SHOW SLAVE STATUS: column " + column + " missing or NULL");
        }
        return value;
    }

    private static long number(Map<String, String> row, String column) {
        return parse(column, required(row, column));
    }

    private static long parse(String column, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SHOW SLAVE STATUS: column " + column + " is not a number: '" + value + "'", e);
        }
    }
}
