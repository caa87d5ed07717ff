package org.mysqldiscovery.health.probe;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mysqldiscovery.common.mysql.MysqlEndpoint;
import org.mysqldiscovery.common.mysql.MysqlFence;
import org.mysqldiscovery.health.check.ReplicaStatus;
import org.mysqldiscovery.health.config.HeartbeatSettings;
import org.mysqldiscovery.health.config.MysqlSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MysqlServer} over one JDBC connection, opened through the suite's MySQL edge ({@link MysqlEndpoint}; the
 * fence is {@link MysqlFence}, the one the role agent and the CLI use). The connection is
 * opened lazily and dropped after a connection-level error, so the next round reconnects. Every statement is bounded
 * by the socket timeout (the check timeout). Works on MariaDB 10.11 and MySQL 8: {@code SHOW REPLICA STATUS} first,
 * {@code SHOW SLAVE STATUS} on servers that do not know it, and both column spellings.
 */
public final class JdbcMysqlServer implements MysqlServer {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcMysqlServer.class);
    private static final int ER_PARSE_ERROR = 1064;

    private final MysqlSettings settings;
    private final int checkTimeoutMillis;
    private Connection connection;
    private boolean useSlaveSyntax;

    public JdbcMysqlServer(MysqlSettings settings, int checkTimeoutMillis) {
        this.settings = settings;
        this.checkTimeoutMillis = checkTimeoutMillis;
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            MysqlEndpoint endpoint;
            try {
                // The agent talks to the mysqld of its own host (sameHost: MySQL 8 may send its RSA key).
                int port = settings.port() == null ? 3306 : settings.port();
                endpoint = MysqlEndpoint.server(MysqlEndpoint.address(settings.host(), port),
                        settings.user(), settings.password(), settings.connectTimeoutMillis(), checkTimeoutMillis,
                        "health-agent", true);
            } catch (IllegalArgumentException e) {
                throw new SQLNonTransientConnectionException("mysql.host: " + e.getMessage(), "08001", e);
            }
            connection = endpoint.open();
        }
        return connection;
    }

    private <T> T query(String sql, ResultReader<T> reader) throws SQLException {
        try (Statement statement = connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return reader.read(rs);
        } catch (SQLException e) {
            dropIfBroken(e);
            throw e;
        }
    }

    private void dropIfBroken(SQLException e) {
        boolean broken = e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                || e instanceof SQLTimeoutException
                || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
        if (broken) {
            close();
        }
    }

    @Override
    public void ping() throws SQLException {
        query("SELECT 1", rs -> {
            if (!rs.next() || rs.getInt(1) != 1) {
                throw new SQLException("SELECT 1 did not return 1");
            }
            return null;
        });
    }

    @Override
    public ServerVariables variables() throws SQLException {
        Map<String, String> values = query("SHOW GLOBAL VARIABLES WHERE Variable_name IN "
                + "('read_only', 'super_read_only')", rs -> {
                    Map<String, String> map = new HashMap<>();
                    while (rs.next()) {
                        map.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
                    }
                    return map;
                });
        String readOnly = values.get("read_only");
        if (readOnly == null) {
            throw new SQLException("the server does not report read_only");
        }
        String superReadOnly = values.get("super_read_only");
        return new ServerVariables(on(readOnly), superReadOnly == null ? null : on(superReadOnly));
    }

    private static boolean on(String value) {
        return value.equalsIgnoreCase("ON") || value.equals("1");
    }

    @Override
    public Optional<ReplicaStatus> replicaStatus() throws SQLException {
        if (!useSlaveSyntax) {
            try {
                return query("SHOW REPLICA STATUS", JdbcMysqlServer::readReplicaStatus);
            } catch (SQLException e) {
                if (e.getErrorCode() != ER_PARSE_ERROR) {
                    throw e;
                }
                LOG.info("the server does not know SHOW REPLICA STATUS; using SHOW SLAVE STATUS");
                useSlaveSyntax = true;
            }
        }
        return query("SHOW SLAVE STATUS", JdbcMysqlServer::readReplicaStatus);
    }

    /** Reads the first row of a replication status result; both column spellings (package-private for tests). */
    static Optional<ReplicaStatus> readReplicaStatus(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return Optional.empty();
        }
        ResultSetMetaData meta = rs.getMetaData();
        Set<String> columns = new HashSet<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
        }
        String lagColumn = columns.contains("Seconds_Behind_Source") ? "Seconds_Behind_Source" : "Seconds_Behind_Master";
        String lag = columns.contains(lagColumn) ? rs.getString(lagColumn) : null;
        Long seconds;
        try {
            seconds = lag == null ? null : Long.valueOf(lag.trim());
        } catch (NumberFormatException e) {
            seconds = null;
        }
        return Optional.of(new ReplicaStatus(
                column(rs, columns, "Replica_IO_Running", "Slave_IO_Running"),
                column(rs, columns, "Replica_SQL_Running", "Slave_SQL_Running"),
                seconds,
                lagColumn,
                column(rs, columns, "Last_IO_Error", "Last_IO_Error"),
                column(rs, columns, "Last_SQL_Error", "Last_SQL_Error")));
    }

    private static String column(ResultSet rs, Set<String> columns, String mysql8, String classic)
            throws SQLException {
        if (columns.contains(mysql8)) {
            return rs.getString(mysql8);
        }
        return columns.contains(classic) ? rs.getString(classic) : null;
    }

    @Override
    public Long heartbeatLagMillis(HeartbeatSettings heartbeat) throws SQLException {
        String now = heartbeat.utc() ? "UTC_TIMESTAMP(6)" : "NOW(6)";
        String sql = "SELECT TIMESTAMPDIFF(MICROSECOND, MAX(" + heartbeat.quotedColumn() + "), " + now + ") FROM "
                + heartbeat.quotedTable();
        return query(sql, rs -> {
            if (!rs.next()) {
                return null;
            }
            long micros = rs.getLong(1);
            return rs.wasNull() ? null : Math.floorDiv(micros, 1000L);
        });
    }

    @Override
    public String bufferPoolLoadStatus() throws SQLException {
        return query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_load_status'",
                rs -> rs.next() ? rs.getString(2) : null);
    }

    @Override
    public void fence(boolean superReadOnly) throws SQLException {
        try (Statement statement = connection().createStatement()) {
            MysqlFence.apply(statement, superReadOnly);
        } catch (SQLException e) {
            dropIfBroken(e);
            throw e;
        }
    }

    @Override
    public void close() {
        Connection current = connection;
        connection = null;
        if (current != null) {
            try {
                current.close();
            } catch (SQLException e) {
                LOG.debug("closing the mysqld connection failed: {}", e.toString());
            }
        }
    }

    @FunctionalInterface
    private interface ResultReader<T> {
        T read(ResultSet rs) throws SQLException;
    }
}
