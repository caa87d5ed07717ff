package org.mysqldiscovery.health.check;

/**
 * The replication row of {@code SHOW REPLICA STATUS} (MySQL 8.0.22+, MariaDB 10.5+) or {@code SHOW SLAVE STATUS},
 * reduced to what the rules need. Column names differ by server; the probe maps both spellings.
 *
 * @param ioRunning      {@code Slave_IO_Running}/{@code Replica_IO_Running}: Yes, No, Connecting (MariaDB also Preparing)
 * @param sqlRunning     {@code Slave_SQL_Running}/{@code Replica_SQL_Running}: Yes or No
 * @param secondsBehind  {@code Seconds_Behind_Master}/{@code _Source}; null when the server reports NULL
 * @param lagColumn      which of the two columns the server has (for messages)
 * @param lastIoError    last IO error text, may be empty
 * @param lastSqlError   last SQL error text, may be empty
 */
public record ReplicaStatus(String ioRunning, String sqlRunning, Long secondsBehind, String lagColumn,
        String lastIoError, String lastSqlError) {
    public ReplicaStatus {
        ioRunning = ioRunning == null ? "" : ioRunning;
        sqlRunning = sqlRunning == null ? "" : sqlRunning;
        lagColumn = lagColumn == null ? "Seconds_Behind_Master" : lagColumn;
        lastIoError = lastIoError == null ? "" : lastIoError;
        lastSqlError = lastSqlError == null ? "" : lastSqlError;
    }

    /** A thread stopped with no error: a deliberate STOP SLAVE, or a repoint caught between its statements. */
    public boolean stoppedWithoutError() {
        boolean stopped = "No".equals(ioRunning) || "No".equals(sqlRunning);
        return stopped && lastIoError.isEmpty() && lastSqlError.isEmpty();
    }
}
