package org.mysqldiscovery.sync.proxysql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.mysqldiscovery.common.lifecycle.State;
import org.mysqldiscovery.common.model.Quoting;
import org.mysqldiscovery.sync.plan.RowKey;
import org.mysqldiscovery.sync.plan.ServerRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived connection to a ProxySQL admin, opened on first use and re-opened after it breaks. Every call sends
 * exactly one statement (the admin silently drops all but the first of several). Not thread-safe: one owner (the
 * reconcile thread, or a one-shot tool).
 */
public final class ProxySqlAdmin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxySqlAdmin.class);
    /** A connection idle longer than this is pinged before use: the admin may have restarted meanwhile. */
    private static final long VALIDATE_AFTER_IDLE_NANOS = 2_000_000_000L;

    private final AdminEndpoint endpoint;
    private Connection connection;
    private long lastUsedNanos;
    private long connects;
    private State state = State.STARTED;

    public AdminEndpoint endpoint() {
        return endpoint;
    }

    public ProxySqlAdmin(AdminEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** How many connections have been opened (1 in a quiet life; more after admin restarts). */
    public long connects() {
        return connects;
    }

    /** Rows of {@code mysql_servers} or {@code runtime_mysql_servers} in the given hostgroups. */
    public List<ServerRow> readServers(String table, Collection<Integer> hostgroups) throws AdminException {
        if (hostgroups.isEmpty()) {
            return List.of();
        }
        String sql = AdminSql.selectServers(table, hostgroups);
        List<ServerRow> rows = new ArrayList<>();
        try (Statement statement = connection().createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(row(table, result));
            }
        } catch (SQLException e) {
            throw failed("reading " + table, e);
        }
        touch();
        return rows;
    }

    /** (writer, reader) pairs of {@code table} ({@code mysql_replication_hostgroups} or its runtime twin). */
    public List<int[]> readReplicationHostgroups(String table) throws AdminException {
        List<int[]> pairs = new ArrayList<>();
        try (Statement statement = connection().createStatement();
                ResultSet result = statement.executeQuery(AdminSql.replicationHostgroups(table))) {
            while (result.next()) {
                pairs.add(new int[] {
                    intColumn(table, result, "writer_hostgroup", null), intColumn(table, result, "reader_hostgroup", null)
                });
            }
        } catch (SQLException e) {
            throw failed("reading " + table, e);
        }
        touch();
        return pairs;
    }

    /**
     * {@code ConnUsed} of every server in the given hostgroups ({@code stats_mysql_connection_pool}): how many
     * backend connections serve a client query now.
     */
    public Map<RowKey, Integer> readConnectionsInUse(Collection<Integer> hostgroups) throws AdminException {
        Map<RowKey, Integer> inUse = new HashMap<>();
        if (hostgroups.isEmpty()) {
            return inUse;
        }
        String table = "stats_mysql_connection_pool";
        try (Statement statement = connection().createStatement();
                ResultSet result = statement.executeQuery(AdminSql.connectionsInUse(hostgroups))) {
            while (result.next()) {
                String host = result.getString("srv_host");
                if (host == null) {
                    throw new AdminException(AdminErrorKind.BAD_ROW, table + " row: srv_host is NULL");
                }
                try {
                    RowKey key = new RowKey(intColumn(table, result, "hostgroup", host), host,
                            intColumn(table, result, "srv_port", host));
                    inUse.merge(key, intColumn(table, result, "ConnUsed", host), Integer::sum);
                } catch (IllegalArgumentException e) {
                    throw new AdminException(AdminErrorKind.BAD_ROW, table + " row of " + Quoting.quote(host)
                            + ": " + e.getMessage(), e);
                }
            }
        } catch (SQLException e) {
            throw failed("reading " + table, e);
        }
        touch();
        return inUse;
    }

    /** ProxySQL Cluster's peers in {@code table} as host:port. */
    public List<String> readProxysqlServers(String table) throws AdminException {
        List<String> peers = new ArrayList<>();
        try (Statement statement = connection().createStatement();
                ResultSet result = statement.executeQuery(AdminSql.proxysqlServers(table))) {
            while (result.next()) {
                peers.add(Quoting.quote(result.getString(1)) + ":" + result.getString(2));
            }
        } catch (SQLException e) {
            throw failed("reading " + table, e);
        }
        touch();
        return peers;
    }

    /** A global variable's value from {@code table}, empty when the admin does not have it. */
    public Optional<String> readVariable(String table, String name) throws AdminException {
        try (Statement statement = connection().createStatement();
                ResultSet result = statement.executeQuery(AdminSql.variable(table, name))) {
            Optional<String> value = result.next() ? Optional.ofNullable(result.getString(1)) : Optional.empty();
            touch();
            return value;
        } catch (SQLException e) {
            throw failed("reading " + name + " from " + table, e);
        }
    }

    /** Runs one statement that returns no rows. */
    public void execute(String sql) throws AdminException {
        try (Statement statement = connection().createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw failed(summarise(sql), e);
        }
        touch();
    }

    private Connection connection() throws AdminException {
        if (state == State.CLOSED) {
            throw new AdminException(AdminErrorKind.OTHER, endpoint + ": admin client closed");
        }
        if (connection != null && System.nanoTime() - lastUsedNanos > VALIDATE_AFTER_IDLE_NANOS) {
            boolean valid;
            try {
                valid = connection.isValid(Math.max(1, endpoint.connectTimeoutMillis() / 1000));
            } catch (SQLException e) {
                valid = false;
            }
            if (!valid) {
                LOG.info("{}: idle connection is no longer valid, reconnecting", endpoint);
                drop();
            }
        }
        if (connection == null) {
            try {
                connection = endpoint.open();
            } catch (SQLException e) {
                AdminErrorKind kind = AdminErrors.classify(e);
                throw new AdminException(kind == AdminErrorKind.OTHER ? AdminErrorKind.UNREACHABLE : kind,
                        endpoint + ": cannot connect: " + AdminErrors.describe(e), e);
            }
            connects++;
            lastUsedNanos = System.nanoTime();
            LOG.info("{}: connected", endpoint);
        }
        return connection;
    }

    private void touch() {
        lastUsedNanos = System.nanoTime();
    }

    private AdminException failed(String what, SQLException e) {
        AdminErrorKind kind = AdminErrors.classify(e);
        if (kind.connectionBroken()) {
            drop();
        }
        return new AdminException(kind, endpoint + ": " + what + ": " + AdminErrors.describe(e), e);
    }

    /** Forgets the current connection (it is broken, or the admin restarted). */
    public void drop() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing a broken admin connection: {}", e.getMessage());
            }
            connection = null;
        }
    }

    private static String summarise(String sql) {
        return sql.length() <= 120 ? sql : sql.substring(0, 120) + "… (" + sql.length() + " chars)";
    }

    private static ServerRow row(String table, ResultSet result) throws SQLException, AdminException {
        String hostname = result.getString("hostname");
        int port = intColumn(table, result, "port", hostname);
        String where = table + " row " + result.getString("hostgroup_id") + "/" + Quoting.quote(hostname) + ":"
                + port;
        String status = result.getString("status");
        try {
            return new ServerRow(
                    intColumn(table, result, "hostgroup_id", hostname),
                    hostname,
                    port,
                    intColumn(table, result, "gtid_port", hostname),
                    status == null ? null : status.toUpperCase(Locale.ROOT),
                    intColumn(table, result, "weight", hostname),
                    intColumn(table, result, "compression", hostname),
                    intColumn(table, result, "max_connections", hostname),
                    intColumn(table, result, "max_replication_lag", hostname),
                    intColumn(table, result, "use_ssl", hostname),
                    intColumn(table, result, "max_latency_ms", hostname),
                    result.getString("comment"));
        } catch (IllegalArgumentException e) {
            throw new AdminException(AdminErrorKind.BAD_ROW, where + ": " + e.getMessage(), e);
        }
    }

    /** Every admin column arrives as a string; anything but a whole number is reported with where it was. */
    private static int intColumn(String table, ResultSet result, String column, String hostname)
            throws SQLException, AdminException {
        String text = result.getString(column);
        if (text == null) {
            throw new AdminException(AdminErrorKind.BAD_ROW, table + " row of " + Quoting.quote(hostname) + ": "
                    + column + " is NULL");
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new AdminException(AdminErrorKind.BAD_ROW, table + " row of " + Quoting.quote(hostname) + ": "
                    + column + " " + Quoting.quote(text) + " is not a whole number", e);
        }
    }

    @Override
    public void close() {
        state = State.CLOSED;
        drop();
    }
}
