package org.mysqldiscovery.sandbox.proxysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

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
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same client calls against the stand-in and, when {@code PROXYSQL_ADMIN_URL=mysql://USER:PASSWORD@HOST:PORT}
 * names one, a real ProxySQL admin: every assertion here is a measured behaviour of ProxySQL 2.7 that the stand-in
 * must share. A real ProxySQL may be shared: the tests only touch rows in hostgroups of their own (far above any in
 * use), remove them afterwards, and never LOAD ... FROM DISK or SAVE ... FROM RUNTIME there.
 */
class ProxySqlAdminConformanceIT {
    private static final int HOSTGROUP_BASE = 1_900_000_000 + ThreadLocalRandom.current().nextInt(100_000) * 10;
    private static final String HOST_PREFIX = "mdconf-" + Long.toHexString(System.nanoTime()) + "-";

    @TempDir
    static Path dataDir;
    private static ProxySqlAdminStandIn standIn;

    private AdminTarget current;
    private boolean loadedToRuntime;
    private boolean savedToDisk;

    @BeforeAll
    static void startStandIn() throws IOException {
        standIn = new ProxySqlAdminStandIn(StandInConfig.loopback(0, "admin", "conformance-pw", dataDir));
        standIn.start();
    }

    @AfterAll
    static void closeStandIn() {
        standIn.close();
    }

    static Stream<AdminTarget> targets() {
        List<AdminTarget> targets = new ArrayList<>();
        targets.add(AdminTarget.of(standIn));
        AdminTarget.fromEnvironment().ifPresent(targets::add);
        return targets.stream();
    }

    /** Remembers the target for cleanup and says which one this run uses. */
    private AdminTarget use(AdminTarget target, TestInfo info) {
        current = target;
        System.out.println("[conformance] " + info.getTestMethod().map(m -> m.getName()).orElse("?") + " -> "
                + target);
        return target;
    }

    @AfterEach
    void removeTestRows() throws SQLException {
        if (current == null) {
            return;
        }
        try (Connection connection = current.mariadb(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM mysql_servers WHERE hostname LIKE '" + HOST_PREFIX + "%'");
            if (loadedToRuntime) {
                statement.execute("LOAD MYSQL SERVERS TO RUNTIME");
            }
            if (savedToDisk) {
                statement.execute("SAVE MYSQL SERVERS TO DISK");
            }
        }
    }

    private static String host(int n) {
        return HOST_PREFIX + n + ".invalid";
    }

    private static String insert(int hostgroupOffset, int n, String comment) {
        return "INSERT INTO mysql_servers (hostgroup_id, hostname, port, weight, comment) VALUES ("
                + (HOSTGROUP_BASE + hostgroupOffset) + ", '" + host(n) + "', 3306, 1, '" + comment + "')";
    }

    private static List<String> column(Statement statement, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet resultSet = statement.executeQuery(sql)) {
            while (resultSet.next()) {
                values.add(resultSet.getString(1));
            }
        }
        return values;
    }

    private static String single(Statement statement, String sql) throws SQLException {
        List<String> values = column(statement, sql);
        assertThat(values).as(sql).hasSize(1);
        return values.get(0);
    }

    private static String ours(String table) {
        return "SELECT hostname FROM " + table + " WHERE hostname LIKE '" + HOST_PREFIX + "%' ORDER BY hostname";
    }

    private static String checksum(Statement statement) throws SQLException {
        try (ResultSet resultSet = statement.executeQuery("CHECKSUM MEMORY MYSQL SERVERS")) {
            assertThat(resultSet.next()).isTrue();
            return resultSet.getString("checksum");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void plain_mysql_connector_j_fails_at_connect_with_the_at_sign_error(AdminTarget target, TestInfo info) {
        use(target, info);
        assertThatThrownBy(() -> DriverManager.getConnection(target.mysqlPlainUrl(), target.user(), target.password())
                .close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("ProxySQL Admin Error: unrecognized token: \"@\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void mariadb_connector_j_connects_with_a_plain_url_and_stays_valid(AdminTarget target, TestInfo info)
            throws SQLException {
        use(target, info);
        try (Connection connection = target.mariadb(); Statement statement = connection.createStatement()) {
            assertThat(connection.isValid(2)).isTrue();
            assertThat(single(statement, "SELECT 1")).isEqualTo("1");
            assertThat(connection.isValid(2)).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void mysql_connector_j_connects_with_the_server_config_cache_workaround(AdminTarget target, TestInfo info)
            throws SQLException {
        use(target, info);
        try (Connection connection = target.mysql(""); Statement statement = connection.createStatement()) {
            assertThat(connection.isValid(2)).isTrue();
            // Without useLocalSessionState this would ask the admin for @@session.transaction_isolation and fail.
            assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(statement.executeUpdate(insert(0, 1, "via connector/j"))).isEqualTo(1);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT comment FROM mysql_servers WHERE hostgroup_id = ? AND hostname = ?")) {
                select.setInt(1, HOSTGROUP_BASE);
                select.setString(2, host(1));
                try (ResultSet resultSet = select.executeQuery()) {
                    assertThat(resultSet.next()).isTrue();
                    assertThat(resultSet.getString(1)).isEqualTo("via connector/j");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void servers_are_inserted_selected_and_deleted(AdminTarget target, TestInfo info) throws SQLException {
        use(target, info);
        try (Connection connection = target.mariadb(); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate(insert(0, 1, "") + ", (" + HOSTGROUP_BASE + ", '" + host(2)
                    + "', 3307, 5, 'second')")).isEqualTo(2);
            assertThat(column(statement, ours("mysql_servers"))).containsExactly(host(1), host(2));
            try (ResultSet row = statement.executeQuery("SELECT port, weight, status, gtid_port, compression, "
                    + "max_connections, max_replication_lag, use_ssl, max_latency_ms, comment FROM mysql_servers "
                    + "WHERE hostname = '" + host(2) + "'")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getInt("port")).isEqualTo(3307);
                assertThat(row.getInt("weight")).isEqualTo(5);
                assertThat(row.getString("status")).isEqualTo("ONLINE");
                assertThat(row.getInt("max_connections")).isEqualTo(1000);
                assertThat(row.getString("comment")).isEqualTo("second");
            }
            assertThat(statement.executeUpdate("UPDATE mysql_servers SET status = 'OFFLINE_SOFT' WHERE hostname = '"
                    + host(1) + "'")).isEqualTo(1);
            assertThat(statement.executeUpdate("DELETE FROM mysql_servers WHERE hostname = '" + host(1) + "'"))
                    .isEqualTo(1);
            assertThat(column(statement, ours("mysql_servers"))).containsExactly(host(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void load_to_runtime_copies_rows_and_moves_version_and_epoch_on(AdminTarget target, TestInfo info)
            throws SQLException {
        use(target, info);
        try (Connection connection = target.mariadb(); Statement statement = connection.createStatement()) {
            String versionQuery = "SELECT version FROM runtime_checksums_values WHERE name = 'mysql_servers'";
            String epochQuery = "SELECT epoch FROM runtime_checksums_values WHERE name = 'mysql_servers'";
            long versionBefore = Long.parseLong(single(statement, versionQuery));
            long epochBefore = Long.parseLong(single(statement, epochQuery));
            statement.executeUpdate(insert(0, 1, ""));
            assertThat(column(statement, ours("runtime_mysql_servers"))).isEmpty();
            loadedToRuntime = true;
            statement.execute("LOAD MYSQL SERVERS TO RUNTIME");
            assertThat(column(statement, ours("runtime_mysql_servers"))).containsExactly(host(1));
            assertThat(Long.parseLong(single(statement, versionQuery))).isGreaterThan(versionBefore);
            assertThat(Long.parseLong(single(statement, epochQuery))).isGreaterThanOrEqualTo(epochBefore);
            // Every LOAD moves the version on, even when nothing changed.
            long versionAfterFirst = Long.parseLong(single(statement, versionQuery));
            statement.execute("load  mysql servers to runtime;");
            assertThat(Long.parseLong(single(statement, versionQuery))).isGreaterThan(versionAfterFirst);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void rows_deleted_from_config_are_gone_from_runtime_after_the_next_load(AdminTarget target, TestInfo info)
            throws SQLException {
        use(target, info);
        try (Connection connection = target.mariadb(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(insert(0, 1, ""));
            statement.executeUpdate(insert(0, 2, ""));
            loadedToRuntime = true;
            statement.execute("LOAD MYSQL SERVERS TO RUNTIME");
            statement.executeUpdate("DELETE FROM mysql_servers WHERE hostname = '" + host(1) + "'");
            statement.execute("LOAD MYSQL SERVERS TO RUNTIME");
            // Nothing holds a connection to these servers, so nothing lingers as OFFLINE_HARD.
            assertThat(column(statement, ours("runtime_mysql_servers"))).containsExactly(host(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void save_to_disk_writes_the_disk_copy(AdminTarget target, TestInfo info) throws SQLException {
        use(target, info);
        try (Connection connection = target.mariadb(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(insert(0, 1, "on disk"));
            assertThat(column(statement, ours("disk.mysql_servers"))).isEmpty();
            savedToDisk = true;
            statement.execute("SAVE MYSQL SERVERS TO DISK");
            assertThat(column(statement, ours("disk.mysql_servers"))).containsExactly(host(1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void memory_checksum_depends_on_content_not_insertion_order(AdminTarget target, TestInfo info)
            throws SQLException {
        use(target, info);
        try (Connection connection = target.mariadb(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(insert(0, 1, ""));
            statement.executeUpdate(insert(1, 2, ""));
            String forward = checksum(statement);
            assertThat(forward).matches("0x[0-9A-F]+");
            statement.executeUpdate("DELETE FROM mysql_servers WHERE hostname LIKE '" + HOST_PREFIX + "%'");
            statement.executeUpdate(insert(1, 2, ""));
            statement.executeUpdate(insert(0, 1, ""));
            assertThat(checksum(statement)).isEqualTo(forward);
            statement.executeUpdate("UPDATE mysql_servers SET comment = 'edited' WHERE hostname = '" + host(1) + "'");
            assertThat(checksum(statement)).isNotEqualTo(forward);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void runtime_checksum_equals_memory_checksum_after_load(AdminTarget target, TestInfo info) throws SQLException {
        use(target, info);
        try (Connection connection = target.mariadb(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(insert(0, 1, ""));
            loadedToRuntime = true;
            statement.execute("LOAD MYSQL SERVERS TO RUNTIME");
            assertThat(single(statement, "SELECT checksum FROM runtime_checksums_values WHERE name = 'mysql_servers'"))
                    .isEqualTo(checksum(statement));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void transactions_are_no_ops(AdminTarget target, TestInfo info) throws SQLException {
        use(target, info);
        try (Connection connection = target.mariadb(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.executeUpdate(insert(0, 1, ""));
            connection.rollback();
            connection.setAutoCommit(true);
            statement.execute("BEGIN");
            statement.executeUpdate(insert(0, 2, ""));
            statement.execute("ROLLBACK");
            statement.execute("START TRANSACTION");
            statement.execute("COMMIT");
            assertThat(column(statement, ours("mysql_servers"))).containsExactly(host(1), host(2));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void only_the_first_of_several_statements_runs_silently(AdminTarget target, TestInfo info) throws SQLException {
        use(target, info);
        try (Connection connection = target.mariadb("allowMultiQueries=true");
             Statement statement = connection.createStatement()) {
            statement.execute(insert(0, 1, "") + "; " + insert(0, 2, ""));
            assertThat(column(statement, ours("mysql_servers"))).containsExactly(host(1));
        }
        try (Connection connection = target.mariadb(); Statement statement = connection.createStatement()) {
            statement.execute(insert(0, 3, "") + ";" + insert(0, 4, ""));
            assertThat(column(statement, ours("mysql_servers"))).containsExactly(host(1), host(3));
        }
        try (Connection connection = target.mysql("rewriteBatchedStatements=true");
             Statement statement = connection.createStatement()) {
            for (int n = 10; n < 16; n++) {
                statement.addBatch(insert(0, n, ""));
            }
            // Connector/J sends the batch as one multi-statement text; the admin runs the first and says nothing.
            assertThat(statement.executeBatch()).containsExactly(1, Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED,
                    Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED);
            assertThat(column(statement, ours("mysql_servers"))).containsExactly(host(1), host(10), host(3));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void constraint_violations_are_sqlstate_28000_code_1045_with_sqlites_message(AdminTarget target, TestInfo info)
            throws SQLException {
        use(target, info);
        int hg = HOSTGROUP_BASE;
        String h = host(1);
        List<String[]> cases = List.of(
                new String[] {insert(0, 1, ""), "UNIQUE constraint failed: mysql_servers.hostgroup_id, "
                        + "mysql_servers.hostname, mysql_servers.port"},
                new String[] {"INSERT INTO mysql_servers (hostgroup_id, hostname, status) VALUES (" + hg + ", '" + h
                        + "x', 'BROKEN')", "CHECK constraint failed"},
                new String[] {"INSERT INTO mysql_servers (hostgroup_id, hostname, weight) VALUES (" + hg + ", '" + h
                        + "x', -1)", "CHECK constraint failed"},
                new String[] {"INSERT INTO mysql_servers (hostgroup_id, hostname, port) VALUES (" + hg + ", '" + h
                        + "x', 70000)", "CHECK constraint failed"},
                new String[] {"INSERT INTO mysql_servers (hostgroup_id, hostname, comment) VALUES (" + hg + ", '" + h
                        + "x', NULL)", "NOT NULL constraint failed: mysql_servers.comment"});
        try (Connection connection = target.mariadb(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(insert(0, 1, ""));
            SoftAssertions softly = new SoftAssertions();
            for (String[] violation : cases) {
                softly.assertThatThrownBy(() -> statement.executeUpdate(violation[0]))
                        .as(violation[0])
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getErrorCode()).isEqualTo(1045);
                            assertThat(e.getSQLState()).isEqualTo("28000");
                            assertThat(e.getMessage()).contains("ProxySQL Admin Error: " + violation[1]);
                        });
            }
            softly.assertAll();
            assertThat(column(statement, ours("mysql_servers"))).containsExactly(h);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void any_double_at_sign_query_fails_with_unrecognized_token(AdminTarget target, TestInfo info)
            throws SQLException {
        use(target, info);
        try (Connection connection = target.mariadb(); Statement statement = connection.createStatement()) {
            for (String query : List.of("SELECT @@session.auto_increment_increment",
                    "SELECT @@session.transaction_isolation", "/* driver */ SELECT @@max_allowed_packet")) {
                assertThatThrownBy(() -> statement.executeQuery(query).close())
                        .as(query)
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getErrorCode()).isEqualTo(1045);
                            assertThat(e.getMessage()).contains("ProxySQL Admin Error: unrecognized token: \"@\"");
                        });
            }
            assertThat(connection.isValid(2)).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void the_singular_load_command_is_a_syntax_error(AdminTarget target, TestInfo info) throws SQLException {
        use(target, info);
        try (Connection connection = target.mariadb(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("LOAD MYSQL SERVER TO RUNTIME"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1045);
                        assertThat(e.getSQLState()).isEqualTo("28000");
                        assertThat(e.getMessage()).contains("syntax error");
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void server_side_prepared_statements_are_not_supported(AdminTarget target, TestInfo info) throws SQLException {
        use(target, info);
        String sql = "SELECT count(*) FROM mysql_servers WHERE hostgroup_id = ?";
        try (Connection connection = target.mariadb("useServerPrepStmts=true")) {
            assertThatThrownBy(() -> {
                try (PreparedStatement prepared = connection.prepareStatement(sql)) {
                    prepared.setInt(1, HOSTGROUP_BASE);
                    prepared.executeQuery().close();
                }
            }).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(1045);
                assertThat(e.getMessage()).contains("Command not supported");
            });
        }
        try (Connection connection = target.mysql("useServerPrepStmts=true&emulateUnsupportedPstmts=false")) {
            assertThatThrownBy(() -> connection.prepareStatement(sql).close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Command not supported");
        }
        // Connector/J's default falls back to client-side preparation, which works.
        try (Connection connection = target.mysql("useServerPrepStmts=true");
             PreparedStatement prepared = connection.prepareStatement(sql)) {
            prepared.setInt(1, HOSTGROUP_BASE);
            try (ResultSet resultSet = prepared.executeQuery()) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getInt(1)).isZero();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void every_column_is_reported_as_a_string_and_get_int_works(AdminTarget target, TestInfo info)
            throws SQLException {
        use(target, info);
        try (Connection connection = target.mariadb(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(insert(0, 1, ""));
            try (ResultSet resultSet = statement.executeQuery("SELECT hostgroup_id, port, weight, 1 + 1 AS two "
                    + "FROM mysql_servers WHERE hostname = '" + host(1) + "'")) {
                ResultSetMetaData metaData = resultSet.getMetaData();
                for (int i = 1; i <= metaData.getColumnCount(); i++) {
                    assertThat(metaData.getColumnType(i)).as(metaData.getColumnLabel(i)).isEqualTo(Types.VARCHAR);
                }
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getInt("hostgroup_id")).isEqualTo(HOSTGROUP_BASE);
                assertThat(resultSet.getInt("port")).isEqualTo(3306);
                assertThat(resultSet.getLong("two")).isEqualTo(2L);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void a_wrong_password_is_refused_with_1045(AdminTarget target, TestInfo info) {
        use(target, info);
        assertThatThrownBy(() -> DriverManager.getConnection(target.mariadbUrl(""), target.user(),
                target.password() + "-wrong").close())
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(1045);
                    assertThat(e.getSQLState()).isEqualTo("28000");
                    assertThat(e.getMessage()).contains("Access denied for user '" + target.user() + "'");
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void the_mariadb_command_line_client_runs_admin_statements(AdminTarget target, TestInfo info) throws Exception {
        use(target, info);
        Path client = Path.of("/usr/bin/mariadb");
        assumeThat(Files.isExecutable(client)).as("the mariadb command-line client is installed").isTrue();
        loadedToRuntime = true;
        String script = insert(0, 1, "from the cli") + "; LOAD MYSQL SERVERS TO RUNTIME; "
                + "SELECT hostname, comment FROM runtime_mysql_servers WHERE hostname = '" + host(1) + "'; "
                + "select @@version_comment limit 1;";
        ProcessBuilder builder = new ProcessBuilder(client.toString(), "--no-defaults", "--batch",
                "--skip-column-names", "-h", target.host(), "-P", String.valueOf(target.port()), "-u", target.user(),
                "-e", script);
        builder.environment().put("MYSQL_PWD", target.password());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains(host(1) + "\tfrom the cli").contains("(ProxySQL Admin Module)");
    }
}
