package org.mysqldiscovery.cli.precheck;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mysqldiscovery.common.model.Instance;

/**
 * Probes a MariaDB or MySQL server over JDBC: the flavour from {@code @@version}, then its GTID variables and its
 * replication status. Needs only {@code SLAVE MONITOR} (MariaDB 10.5+) or {@code REPLICATION CLIENT} (MySQL).
 */
public final class JdbcProber implements Prober {
    /** Where a probe gets its connection and what happens to it afterwards. */
    public interface Connections {
        /**
         * @param connectTimeoutMillis bound on a new connection's TCP connect and handshake
         * @param socketTimeoutMillis  bound on each read
         */
        Connection open(Instance instance, int connectTimeoutMillis, int socketTimeoutMillis)
                throws MysqlConnector.ConnectFailure;

        /** The probe is done with {@code connection}; {@code healthy} false when it failed on it. */
        void release(Instance instance, Connection connection, boolean healthy);
    }

    private final Connections connections;
    private final int connectTimeoutMillis;

    /**
     * A new connection per probe, closed afterwards (the {@code precheck} command).
     *
     * @param connectTimeoutMillis upper bound on one TCP connect + handshake (the deadline may cut it shorter)
     */
    public JdbcProber(MysqlConnector connector, int connectTimeoutMillis) {
        this(new Connections() {
            @Override
            public Connection open(Instance instance, int connectTimeout, int socketTimeout)
                    throws MysqlConnector.ConnectFailure {
                return connector.open(instance, connectTimeout, socketTimeout);
            }

            @Override
            public void release(Instance instance, Connection connection, boolean healthy) {
                MysqlConnector.closeQuietly(connection);
            }
        }, connectTimeoutMillis);
    }

    /** Connections from {@code connections} (the resident service keeps them warm). */
    public JdbcProber(Connections connections, int connectTimeoutMillis) {
        this.connections = connections;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public ProbeResult probe(Instance instance, long deadlineNanos) {
        int remaining = (int) Math.min(Integer.MAX_VALUE,
                TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
        if (remaining <= 0) {
            return new ProbeResult.Unreachable(instance, "no time left before the deadline");
        }
        Connection connection;
        try {
            connection = connections.open(instance, Math.min(connectTimeoutMillis, remaining), remaining);
        } catch (MysqlConnector.ConnectFailure e) {
            return e.reachable() ? new ProbeResult.Unreadable(instance, e.getMessage())
                    : new ProbeResult.Unreachable(instance, e.getMessage());
        }
        boolean healthy = false;
        try (Statement statement = connection.createStatement()) {
            String version = single(statement, "SELECT @@version");
            boolean maria = version != null && version.toLowerCase(Locale.ROOT).contains("mariadb");
            ProbeResult result = new ProbeResult.Reached(maria ? readMaria(instance, statement)
                    : readMysql(instance, statement));
            healthy = true;
            return result;
        } catch (SQLException e) {
            MysqlConnector.ConnectFailure failure = MysqlConnector.classify(e, remaining);
            return failure.reachable() ? new ProbeResult.Unreadable(instance, failure.getMessage())
                    : new ProbeResult.Unreachable(instance, "stopped answering: " + failure.getMessage());
        } catch (GtidFormatException | IllegalArgumentException e) {
            return new ProbeResult.Unreadable(instance, e.getMessage());
        } finally {
            connections.release(instance, connection, healthy);
        }
    }

    private static Observation readMaria(Instance instance, Statement statement)
            throws SQLException, GtidFormatException {
        long serverId;
        boolean readOnly;
        String binlog;
        String slave;
        String current;
        try (ResultSet rs = statement.executeQuery(
                "SELECT @@server_id, @@read_only, @@gtid_binlog_pos, @@gtid_slave_pos, @@gtid_current_pos")) {
            rs.next();
            serverId = rs.getLong(1);
            readOnly = rs.getBoolean(2);
            binlog = rs.getString(3);
            slave = rs.getString(4);
            current = rs.getString(5);
        }
        String who = " of " + instance.spelling();
        Map<String, String> status = replicaStatus(statement, "SHOW SLAVE STATUS");
        MariaPosition io = status == null ? MariaPosition.empty()
                : MariaPosition.parse(orEmpty(status.get("gtid_io_pos")), "Gtid_IO_Pos" + who);
        GtidState.Maria gtids = new GtidState.Maria(serverId,
                MariaPosition.parse(binlog, "gtid_binlog_pos" + who),
                MariaPosition.parse(slave, "gtid_slave_pos" + who),
                MariaPosition.parse(current, "gtid_current_pos" + who), io);
        return new Observation(instance, gtids, replication(status, instance), readOnly);
    }

    private static Observation readMysql(Instance instance, Statement statement)
            throws SQLException, GtidFormatException {
        boolean readOnly;
        String uuid;
        String executed;
        try (ResultSet rs = statement.executeQuery("SELECT @@read_only, @@server_uuid, @@global.gtid_executed")) {
            rs.next();
            readOnly = rs.getBoolean(1);
            uuid = rs.getString(2);
            executed = rs.getString(3);
        }
        Map<String, String> status;
        try {
            status = replicaStatus(statement, "SHOW REPLICA STATUS");
        } catch (SQLException e) {
            // Before MySQL 8.0.22 only the old spelling exists.
            status = replicaStatus(statement, "SHOW SLAVE STATUS");
        }
        String who = " of " + instance.spelling();
        MysqlGtidSet retrieved = status == null ? MysqlGtidSet.empty()
                : MysqlGtidSet.parse(orEmpty(status.get("retrieved_gtid_set")), "Retrieved_Gtid_Set" + who);
        if (uuid == null) {
            throw new IllegalArgumentException("server_uuid" + who + " is NULL");
        }
        GtidState.Mysql gtids = new GtidState.Mysql(uuid, MysqlGtidSet.parse(executed, "gtid_executed" + who),
                retrieved);
        return new Observation(instance, gtids, replication(status, instance), readOnly);
    }

    /** The first row of the status statement by lower-case column name, or null when replication is not set up. */
    private static Map<String, String> replicaStatus(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                return null;
            }
            ResultSetMetaData meta = rs.getMetaData();
            Map<String, String> row = new HashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getString(i));
            }
            return row;
        }
    }

    private static ReplicationState replication(Map<String, String> status, Instance instance) {
        if (status == null) {
            return ReplicationState.notConfigured();
        }
        String io = first(status, "slave_io_running", "replica_io_running");
        String sql = first(status, "slave_sql_running", "replica_sql_running");
        String behind = first(status, "seconds_behind_master", "seconds_behind_source");
        Long seconds = null;
        if (behind != null && !behind.isBlank()) {
            try {
                seconds = Long.parseLong(behind.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Seconds_Behind_Master of " + instance.spelling() + " is not a"
                        + " number: " + org.mysqldiscovery.common.model.Quoting.quote(behind));
            }
            if (seconds < 0) {
                throw new IllegalArgumentException("Seconds_Behind_Master of " + instance.spelling()
                        + " is negative: " + seconds);
            }
        }
        String error = first(status, "last_sql_error", "last_io_error");
        String ioError = status.get("last_io_error");
        if ((error == null || error.isBlank()) && ioError != null && !ioError.isBlank()) {
            error = ioError;
        }
        return new ReplicationState(true, "Yes".equalsIgnoreCase(io), "Yes".equalsIgnoreCase(sql), seconds,
                error == null || error.isBlank() ? null : error);
    }

    private static String first(Map<String, String> row, String... names) {
        for (String name : names) {
            if (row.containsKey(name)) {
                return row.get(name);
            }
        }
        return null;
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
