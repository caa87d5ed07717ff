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
import java.util.Properties;
import java.util.Set;
import org.mysqldiscovery.health.check.ReplicaStatus;
import org.mysqldiscovery.health.config.HeartbeatSettings;
import org.mysqldiscovery.health.config.MysqlSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MysqlServer} over one JDBC connection (MariaDB Connector/J, which also speaks to MySQL 8). The connection is
 * opened lazily and dropped after a connection-level error, so the next round reconnects. Every statement is bounded
 * by the socket timeout (the check timeout). Works on MariaDB 10.11 and MySQL 8: {@code SHOW REPLICA STATUS} first,
 * {@code SHOW SLAVE STATUS} on servers that do not know it, and both column spellings.
 */
public final class JdbcMysqlServer implements MysqlServer {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcMysqlServer.class);
    private static final int ER_PARSE_ERROR = 1064;

    private final String url;
    private final Properties properties = new Properties();
    private final org.mariadb.jdbc.Driver driver = new org.mariadb.jdbc.Driver();
    private Connection connection;
    private boolean useSlaveSyntax;

    public JdbcMysqlServer(MysqlSettings settings, int checkTimeoutMillis) {
        this.url = "jdbc:mariadb://" + settings.host() + ":" + settings.port() + "/"
                + "?connectTimeout=" + settings.connectTimeoutMillis()
                + "&socketTimeout=" + checkTimeoutMillis
                + "&tcpKeepAlive=true"
                + "&connectionAttributes=program_name:health-agent";
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        // MySQL 8's default caching_sha2_password needs the server's RSA key without TLS; the agent talks to the
        // mysqld of its own host, where nobody sits between to swap the key.
        properties.setProperty("allowPublicKeyRetrieval", "true");
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened = driver.connect(url, properties);
            if (opened == null) {
                throw new SQLException("the MariaDB driver does not accept " + url);
            }
            connection = opened;
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

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection().createStatement()) {
            statement.execute(sql);
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
        if (superReadOnly) {
            execute("SET GLOBAL super_read_only = ON");
        }
        execute("SET GLOBAL read_only = ON");
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
