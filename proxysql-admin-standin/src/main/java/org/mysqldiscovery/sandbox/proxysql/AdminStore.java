package org.mysqldiscovery.sandbox.proxysql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteLimits;

/**
 * The admin's SQLite databases: an in-memory {@code main} (the configuration tables and their {@code runtime_}
 * mirrors) and a disk copy attached as {@code disk}, as in ProxySQL. One connection, used under one lock: the
 * real admin also serialises every statement behind a global mutex.
 *
 * <p>Opening the store is what a ProxySQL start does: the disk copy is loaded into memory and memory into runtime,
 * so a restarted stand-in comes back with what was saved to disk (and loses what was not).
 */
final class AdminStore implements AutoCloseable {
    static final String DISK_FILE_NAME = "proxysql.db";
    static final String ERROR_PREFIX = "ProxySQL Admin Error: ";
    private static final int MAX_SQL_LENGTH = 1_000_000_000;
    private static final Logger LOG = LoggerFactory.getLogger(AdminStore.class);

    /** The tables CHECKSUM commands and runtime_checksums_values cover, with the order that makes them stable. */
    enum ChecksummedTable {
        MYSQL_SERVERS("MYSQL SERVERS", "mysql_servers", AdminSchema.MYSQL_SERVERS_COLUMNS, "",
                AdminSchema.MYSQL_SERVERS_ORDER),
        MYSQL_REPLICATION_HOSTGROUPS("MYSQL REPLICATION HOSTGROUPS", "mysql_replication_hostgroups",
                AdminSchema.REPLICATION_HOSTGROUPS_COLUMNS, "", AdminSchema.REPLICATION_HOSTGROUPS_ORDER),
        MYSQL_VARIABLES("MYSQL VARIABLES", "global_variables", "variable_name, variable_value",
                " WHERE variable_name LIKE 'mysql-%'", "variable_name");

        final String label;
        final String table;
        final String columns;
        final String where;
        final String order;

        ChecksummedTable(String label, String table, String columns, String where, String order) {
            this.label = label;
            this.table = table;
            this.columns = columns;
            this.where = where;
            this.order = order;
        }

        String select(String qualifiedTable) {
            return "SELECT " + columns + " FROM " + qualifiedTable + where + " ORDER BY " + order;
        }
    }

    private final Connection connection;
    private final Clock clock;
    private final ConnectionPool pool;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private AdminStore(Connection connection, Clock clock, ConnectionPool pool) {
        this.connection = connection;
        this.clock = clock;
        this.pool = pool;
    }

    static AdminStore open(Path dataDir, String user, String password, Clock clock) throws IOException {
        return open(dataDir, user, password, clock, new ConnectionPool());
    }

    /**
     * Opens (or creates) the disk copy in {@code dataDir} and builds memory and runtime from it.
     *
     * @throws IOException when the data directory cannot be created or the disk copy cannot be opened
     */
    static AdminStore open(Path dataDir, String user, String password, Clock clock, ConnectionPool pool)
            throws IOException {
        Files.createDirectories(dataDir);
        Path diskFile = dataDir.resolve(DISK_FILE_NAME);
        Connection connection = null;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite::memory:");
            // sqlite-jdbc starts at 1,000,000 bytes; ProxySQL's SQLite keeps SQLite's own default of 10^9.
            connection.unwrap(SQLiteConnection.class).setLimit(SQLiteLimits.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_LENGTH);
            AdminStore store = new AdminStore(connection, clock, pool);
            store.initialise(diskFile, AdminSchema.defaultVariables(user, password));
            store.publishRuntime();
            return store;
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw new IOException("cannot open the stand-in's SQLite store with disk copy " + diskFile + ": "
                    + e.getMessage(), e);
        }
    }

    private void initialise(Path diskFile, Map<String, String> defaults) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : AdminSchema.MAIN_TABLES) {
                statement.execute(ddl);
            }
        }
        // ProxySQL's stats schema: unqualified names find its tables after main's, as on the real admin.
        try (Statement statement = connection.createStatement()) {
            statement.execute("ATTACH DATABASE ':memory:' AS stats");
            statement.execute(AdminSchema.STATS_CONNECTION_POOL);
        }
        try (PreparedStatement attach = connection.prepareStatement("ATTACH DATABASE ? AS disk")) {
            attach.setString(1, diskFile.toString());
            attach.execute();
        }
        inTransaction(() -> {
            try (Statement statement = connection.createStatement()) {
                for (String ddl : AdminSchema.DISK_TABLES) {
                    statement.execute(ddl);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO main.global_variables (variable_name, variable_value) VALUES (?, ?)")) {
                for (Map.Entry<String, String> variable : defaults.entrySet()) {
                    insert.setString(1, variable.getKey());
                    insert.setString(2, variable.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            // What was saved to disk wins over the defaults, as in a ProxySQL restart.
            execute("INSERT OR REPLACE INTO main.global_variables SELECT * FROM disk.global_variables");
            execute("INSERT INTO main.runtime_global_variables SELECT * FROM main.global_variables");
            copyServers("disk", "main");
            copyServers("main", "main.runtime_");
            copyProxysqlServers("disk", "main");
            copyProxysqlServers("main", "main.runtime_");
            long now = clock.instant().getEpochSecond();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO runtime_checksums_values (name, version, epoch, checksum) VALUES (?, 1, ?, ?)")) {
                for (String module : AdminSchema.CHECKSUM_MODULES) {
                    insert.setString(1, module);
                    insert.setLong(2, now);
                    insert.setString(3, runtimeChecksumOf(module));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /**
     * Runs the first statement of {@code sql} on SQLite, as the real admin does with whatever it does not handle
     * itself. Errors come back as the admin words them: {@code ProxySQL Admin Error: } and SQLite's message.
     */
    AdminReply query(String sql) {
        String statementText = AdminSqlText.firstStatement(sql);
        if (!AdminSqlText.hasStatement(statementText)) {
            // sqlite3_prepare compiles nothing and reports SQLITE_OK, which ProxySQL relays as an error.
            return new AdminReply.Failure(ERROR_PREFIX + "not an error");
        }
        lock.lock();
        try {
            if (closed) {
                return new AdminReply.Failure(ERROR_PREFIX + "the admin is shutting down");
            }
            if (statementText.toLowerCase(java.util.Locale.ROOT).contains("stats_mysql_connection_pool")) {
                refreshConnectionPoolStats(); // ProxySQL refreshes a stats table when a query reads it
            }
            try (PreparedStatement statement = connection.prepareStatement(statementText)) {
                if (statement.execute()) {
                    try (ResultSet resultSet = statement.getResultSet()) {
                        return readRows(resultSet);
                    }
                }
                return new AdminReply.Ok(statement.getUpdateCount(), "");
            }
        } catch (SQLException e) {
            return new AdminReply.Failure(ERROR_PREFIX + sqliteMessage(e));
        } finally {
            lock.unlock();
        }
    }

    /** LOAD MYSQL SERVERS TO RUNTIME: memory replaces runtime; the module's version and epoch move on. */
    AdminReply loadMysqlServersToRuntime() {
        return adminCommand(() -> {
            copyServers("main", "main.runtime_");
            String checksum = runtimeChecksumOf("mysql_servers");
            bumpChecksum("mysql_servers", checksum);
            bumpChecksum("mysql_servers_v2", checksum);
            publishRuntime();
        });
    }

    /** Hands the runtime servers to the connection pool model (routing, in-flight queries that lose answers). */
    private void publishRuntime() throws SQLException {
        List<ConnectionPool.Server> servers = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT hostgroup_id, hostname, port, status FROM main.runtime_mysql_servers")) {
            while (rows.next()) {
                servers.add(new ConnectionPool.Server(rows.getInt(1), rows.getString(2), rows.getInt(3),
                        rows.getString(4)));
            }
        }
        pool.runtimeLoaded(servers);
    }

    private void refreshConnectionPoolStats() throws SQLException {
        execute("DELETE FROM stats.stats_mysql_connection_pool");
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO stats.stats_mysql_connection_pool"
                + " (hostgroup, srv_host, srv_port, status, ConnUsed, Queries) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (ConnectionPool.Stat stat : pool.stats()) {
                insert.setInt(1, stat.hostgroup());
                insert.setString(2, stat.host());
                insert.setInt(3, stat.port());
                insert.setString(4, stat.status());
                insert.setInt(5, stat.connUsed());
                insert.setLong(6, stat.queries());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** SAVE MYSQL SERVERS FROM RUNTIME: runtime replaces memory. */
    AdminReply saveMysqlServersFromRuntime() {
        return adminCommand(() -> copyServers("main.runtime_", "main"));
    }

    /** SAVE MYSQL SERVERS TO DISK. */
    AdminReply saveMysqlServersToDisk() {
        return adminCommand(() -> copyServers("main", "disk"));
    }

    /** LOAD MYSQL SERVERS FROM DISK. */
    AdminReply loadMysqlServersFromDisk() {
        return adminCommand(() -> copyServers("disk", "main"));
    }

    /** LOAD MYSQL VARIABLES TO RUNTIME. */
    AdminReply loadMysqlVariablesToRuntime() {
        return adminCommand(() -> {
            execute("DELETE FROM main.runtime_global_variables WHERE variable_name LIKE 'mysql-%'");
            execute("INSERT INTO main.runtime_global_variables SELECT * FROM main.global_variables"
                    + " WHERE variable_name LIKE 'mysql-%'");
            bumpChecksum("mysql_variables", runtimeChecksumOf("mysql_variables"));
        });
    }

    /** SAVE MYSQL VARIABLES FROM RUNTIME. */
    AdminReply saveMysqlVariablesFromRuntime() {
        return adminCommand(() -> execute("INSERT OR REPLACE INTO main.global_variables"
                + " SELECT * FROM main.runtime_global_variables WHERE variable_name LIKE 'mysql-%'"));
    }

    /** SAVE MYSQL VARIABLES TO DISK. */
    AdminReply saveMysqlVariablesToDisk() {
        return adminCommand(() -> {
            execute("DELETE FROM disk.global_variables WHERE variable_name LIKE 'mysql-%'");
            execute("INSERT INTO disk.global_variables SELECT * FROM main.global_variables"
                    + " WHERE variable_name LIKE 'mysql-%'");
        });
    }

    /** LOAD MYSQL VARIABLES FROM DISK. */
    AdminReply loadMysqlVariablesFromDisk() {
        return adminCommand(() -> execute("INSERT OR REPLACE INTO main.global_variables"
                + " SELECT * FROM disk.global_variables WHERE variable_name LIKE 'mysql-%'"));
    }

    /** LOAD PROXYSQL SERVERS TO RUNTIME: the Cluster's peers as configured become the ones in effect. */
    AdminReply loadProxysqlServersToRuntime() {
        return adminCommand(() -> copyProxysqlServers("main", "main.runtime_"));
    }

    /** SAVE PROXYSQL SERVERS FROM RUNTIME. */
    AdminReply saveProxysqlServersFromRuntime() {
        return adminCommand(() -> copyProxysqlServers("main.runtime_", "main"));
    }

    /** SAVE PROXYSQL SERVERS TO DISK. */
    AdminReply saveProxysqlServersToDisk() {
        return adminCommand(() -> copyProxysqlServers("main", "disk"));
    }

    /** LOAD PROXYSQL SERVERS FROM DISK. */
    AdminReply loadProxysqlServersFromDisk() {
        return adminCommand(() -> copyProxysqlServers("disk", "main"));
    }

    /** LOAD ADMIN VARIABLES TO RUNTIME (admin-* only, as MYSQL VARIABLES moves mysql-* only). */
    AdminReply loadAdminVariablesToRuntime() {
        return adminCommand(() -> {
            execute("DELETE FROM main.runtime_global_variables WHERE variable_name LIKE 'admin-%'");
            execute("INSERT INTO main.runtime_global_variables SELECT * FROM main.global_variables"
                    + " WHERE variable_name LIKE 'admin-%'");
        });
    }

    /** SAVE ADMIN VARIABLES FROM RUNTIME. */
    AdminReply saveAdminVariablesFromRuntime() {
        return adminCommand(() -> execute("INSERT OR REPLACE INTO main.global_variables"
                + " SELECT * FROM main.runtime_global_variables WHERE variable_name LIKE 'admin-%'"));
    }

    /** SAVE ADMIN VARIABLES TO DISK. */
    AdminReply saveAdminVariablesToDisk() {
        return adminCommand(() -> {
            execute("DELETE FROM disk.global_variables WHERE variable_name LIKE 'admin-%'");
            execute("INSERT INTO disk.global_variables SELECT * FROM main.global_variables"
                    + " WHERE variable_name LIKE 'admin-%'");
        });
    }

    /** LOAD ADMIN VARIABLES FROM DISK. */
    AdminReply loadAdminVariablesFromDisk() {
        return adminCommand(() -> execute("INSERT OR REPLACE INTO main.global_variables"
                + " SELECT * FROM disk.global_variables WHERE variable_name LIKE 'admin-%'"));
    }

    /** The checksum of a table in {@code main} or {@code disk}, as CHECKSUM [MEMORY|DISK] ... answers it. */
    AdminReply checksum(String database, ChecksummedTable table) {
        lock.lock();
        try {
            if (closed) {
                return new AdminReply.Failure(ERROR_PREFIX + "the admin is shutting down");
            }
            String checksum = ContentChecksum.of(rows(table.select(database + "." + table.table)));
            return new AdminReply.Rows(List.of("table", "checksum"),
                    List.of(List.of(utf8(table.label), utf8(checksum))));
        } catch (SQLException e) {
            return new AdminReply.Failure(ERROR_PREFIX + sqliteMessage(e));
        } finally {
            lock.unlock();
        }
    }

    /** True when {@code name} is a variable the admin knows (SET only updates those). */
    boolean hasGlobalVariable(String name) {
        return variable("main.global_variables", name).isPresent();
    }

    /** A variable's runtime value (what the admin acts on, e.g. the version it announces). */
    Optional<String> runtimeVariable(String name) {
        return variable("main.runtime_global_variables", name);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            connection.close();
        } catch (SQLException e) {
            // Closing an in-memory database and a file handle; nothing to recover, but say so.
            LOG.warn("closing the stand-in's SQLite store: {}", e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private Optional<String> variable(String table, String name) {
        lock.lock();
        try {
            if (closed) {
                return Optional.empty();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT variable_value FROM " + table + " WHERE variable_name = ?")) {
                select.setString(1, name);
                try (ResultSet resultSet = select.executeQuery()) {
                    return resultSet.next() ? Optional.ofNullable(resultSet.getString(1)) : Optional.empty();
                }
            }
        } catch (SQLException e) {
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    private AdminReply adminCommand(SqlWork work) {
        lock.lock();
        try {
            if (closed) {
                return new AdminReply.Failure(ERROR_PREFIX + "the admin is shutting down");
            }
            inTransaction(work);
            return AdminReply.Ok.empty();
        } catch (SQLException e) {
            return new AdminReply.Failure(ERROR_PREFIX + sqliteMessage(e));
        } finally {
            lock.unlock();
        }
    }

    private void inTransaction(SqlWork work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Replaces the servers tables under prefix {@code to} with those under {@code from}: "main" and "disk" name a
     * database, "main.runtime_" the runtime mirrors. Deleted rows do not linger: nothing here holds connections.
     */
    private void copyServers(String from, String to) throws SQLException {
        copyTable(qualify(from, "mysql_servers"), qualify(to, "mysql_servers"), AdminSchema.MYSQL_SERVERS_COLUMNS);
        copyTable(qualify(from, "mysql_replication_hostgroups"), qualify(to, "mysql_replication_hostgroups"),
                AdminSchema.REPLICATION_HOSTGROUPS_COLUMNS);
    }

    private void copyProxysqlServers(String from, String to) throws SQLException {
        copyTable(qualify(from, "proxysql_servers"), qualify(to, "proxysql_servers"),
                AdminSchema.PROXYSQL_SERVERS_COLUMNS);
    }

    private static String qualify(String prefix, String table) {
        return prefix.endsWith("_") ? prefix + table : prefix + "." + table;
    }

    private void copyTable(String from, String to, String columns) throws SQLException {
        execute("DELETE FROM " + to);
        execute("INSERT INTO " + to + " (" + columns + ") SELECT " + columns + " FROM " + from);
    }

    private void bumpChecksum(String module, String checksum) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE runtime_checksums_values SET version = version + 1, epoch = ?, checksum = ? WHERE name = ?")) {
            update.setLong(1, clock.instant().getEpochSecond());
            update.setString(2, checksum);
            update.setString(3, module);
            update.executeUpdate();
        }
    }

    private String runtimeChecksumOf(String module) throws SQLException {
        return switch (module) {
            case "mysql_servers", "mysql_servers_v2" -> ContentChecksum.of(rows(
                    ChecksummedTable.MYSQL_SERVERS.select("main.runtime_mysql_servers")));
            case "mysql_variables" -> ContentChecksum.of(rows(
                    ChecksummedTable.MYSQL_VARIABLES.select("main.runtime_global_variables")));
            default -> ContentChecksum.EMPTY; // modules the stand-in does not model
        };
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<List<byte[]>> rows(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            return readRows(resultSet).rows();
        }
    }

    private static AdminReply.Rows readRows(ResultSet resultSet) throws SQLException {
        ResultSetMetaData metaData = resultSet.getMetaData();
        int count = metaData.getColumnCount();
        List<String> columns = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            columns.add(metaData.getColumnLabel(i));
        }
        List<List<byte[]>> rows = new ArrayList<>();
        while (resultSet.next()) {
            List<byte[]> row = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                // SQLite's own text form of every value (what sqlite3_column_text gives ProxySQL); raw bytes of blobs.
                row.add(resultSet.getBytes(i));
            }
            rows.add(row);
        }
        return new AdminReply.Rows(columns, rows);
    }

    /** SQLite's own message, without the JDBC driver's "[SQLITE_...] description (...)" wrapping. */
    static String sqliteMessage(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            String prefix = "[" + code.name() + "] " + code.message + " (";
            if (message.startsWith(prefix) && message.endsWith(")")) {
                return message.substring(prefix.length(), message.length() - 1);
            }
        }
        return message;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Connection connection, Exception cause) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
