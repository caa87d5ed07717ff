package org.mysqldiscovery.sandbox.proxysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The router against a real SQLite store: what each kind of statement answers. */
class AdminCommandRouterTest {
    private static final SessionInfo SESSION = new SessionInfo("admin", "127.0.0.1", 1, true);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dataDir;
    private AdminStore store;
    private AdminCommandRouter router;

    @BeforeEach
    void open() throws IOException {
        store = AdminStore.open(dataDir, "admin", "pw", CLOCK);
        router = new AdminCommandRouter(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private AdminReply run(String query) {
        return router.handle(query, SESSION);
    }

    private AdminReply.Rows rows(String query) {
        AdminReply reply = run(query);
        assertThat(reply).as(query).isInstanceOf(AdminReply.Rows.class);
        return (AdminReply.Rows) reply;
    }

    private String failure(String query) {
        AdminReply reply = run(query);
        assertThat(reply).as(query).isInstanceOf(AdminReply.Failure.class);
        return ((AdminReply.Failure) reply).message();
    }

    static Stream<Arguments> okWithoutEffect() {
        return Stream.of("BEGIN", "begin work", "START TRANSACTION", "COMMIT", "ROLLBACK", "SET autocommit=0",
                "set names utf8mb4", "SET character_set_results = NULL", "SET sql_mode='STRICT_TRANS_TABLES'",
                "SET @@session.autocommit = 1", "USE main", "LOCK TABLES x", "BEGIN; DELETE FROM mysql_servers",
                "LOAD MYSQL USERS TO RUNTIME", "SAVE MYSQL QUERY RULES TO DISK", "load admin variables to run",
                "LOAD MYSQL SERVERS TO RUNTIME").map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("okWithoutEffect")
    void statements_the_admin_accepts_answer_ok(String query) {
        run("INSERT INTO mysql_servers (hostgroup_id, hostname) VALUES (1, 'kept')");
        assertThat(run(query)).as(query).isInstanceOf(AdminReply.Ok.class);
        assertThat(rows("SELECT count(*) FROM mysql_servers").text(0, 0)).isEqualTo("1");
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("LOAD MYSQL SERVER TO RUNTIME", "ProxySQL Admin Error: near \"LOAD\": syntax error"),
                Arguments.of("LOAD MYSQL SERVERS TO RUNTIME; SAVE MYSQL SERVERS TO DISK",
                        "ProxySQL Admin Error: near \"LOAD\": syntax error"),
                Arguments.of("SELECT @@session.auto_increment_increment",
                        "ProxySQL Admin Error: unrecognized token: \"@\""),
                Arguments.of("/* mysql-connector-j */SELECT  @@session.auto_increment_increment AS x",
                        "ProxySQL Admin Error: unrecognized token: \"@\""),
                Arguments.of("SELECT @@session.transaction_isolation",
                        "ProxySQL Admin Error: unrecognized token: \"@\""),
                Arguments.of("INSERT INTO mysql_servers (hostgroup_id, hostname, status) VALUES (1, 'h', 'BROKEN')",
                        "ProxySQL Admin Error: CHECK constraint failed"),
                Arguments.of("INSERT INTO mysql_servers (hostgroup_id, hostname, weight) VALUES (1, 'h', -1)",
                        "ProxySQL Admin Error: CHECK constraint failed"),
                Arguments.of("INSERT INTO mysql_servers (hostgroup_id, hostname, port) VALUES (1, 'h', 70000)",
                        "ProxySQL Admin Error: CHECK constraint failed"),
                Arguments.of("INSERT INTO mysql_servers (hostgroup_id, hostname) VALUES (-1, 'h')",
                        "ProxySQL Admin Error: CHECK constraint failed"),
                Arguments.of("INSERT INTO mysql_servers (hostgroup_id, hostname, comment) VALUES (1, 'h', NULL)",
                        "ProxySQL Admin Error: NOT NULL constraint failed: mysql_servers.comment"),
                Arguments.of("INSERT INTO mysql_servers (hostgroup_id) VALUES (1)",
                        "ProxySQL Admin Error: NOT NULL constraint failed: mysql_servers.hostname"),
                Arguments.of("INSERT INTO mysql_replication_hostgroups (writer_hostgroup, reader_hostgroup) "
                        + "VALUES (1, 1)", "ProxySQL Admin Error: CHECK constraint failed"),
                Arguments.of("SELECT * FROM no_such_table", "ProxySQL Admin Error: no such table: no_such_table"),
                Arguments.of("-- nothing but a comment", "ProxySQL Admin Error: not an error"),
                Arguments.of("   ;  ", "Empty query"),
                Arguments.of("CHECKSUM MEMORY MYSQL NOTHING", "ProxySQL Admin Error: near \"CHECKSUM\": syntax error"),
                Arguments.of("SET mysql-init_connect='x'",
                        "ERROR: Global variable 'mysql-init_connect' is not configurable using SET command"),
                Arguments.of("garbage \u0000\u00ff", "ProxySQL Admin Error:"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void errors_carry_the_admins_wording(String query, String message) {
        assertThat(failure(query)).startsWith(message);
    }

    @Test
    void a_duplicate_server_fails_with_sqlites_unique_message() {
        run("INSERT INTO mysql_servers (hostgroup_id, hostname) VALUES (1, 'db1')");
        assertThat(failure("INSERT INTO mysql_servers (hostgroup_id, hostname, port) VALUES (1, 'db1', 3306)"))
                .isEqualTo("ProxySQL Admin Error: UNIQUE constraint failed: mysql_servers.hostgroup_id, "
                        + "mysql_servers.hostname, mysql_servers.port");
    }

    @Test
    void only_the_first_of_several_statements_runs() {
        AdminReply reply = run("INSERT INTO mysql_servers (hostgroup_id, hostname) VALUES (1, 'a');"
                + " INSERT INTO mysql_servers (hostgroup_id, hostname) VALUES (2, 'b')");
        assertThat(reply).isEqualTo(new AdminReply.Ok(1, ""));
        assertThat(rows("SELECT hostname FROM mysql_servers").rows()).hasSize(1);
    }

    @Test
    void load_copies_memory_to_runtime_and_moves_the_version_on() {
        run("INSERT INTO mysql_servers (hostgroup_id, hostname, comment) VALUES (10, 'db1', 'x'), (20, 'db2', '')");
        assertThat(rows("SELECT count(*) FROM runtime_mysql_servers").text(0, 0)).isEqualTo("0");
        assertThat(run("LOAD MYSQL SERVERS TO RUNTIME")).isEqualTo(AdminReply.Ok.empty());
        assertThat(rows("SELECT hostgroup_id, hostname, comment FROM runtime_mysql_servers ORDER BY 1").rows())
                .hasSize(2);
        AdminReply.Rows checksums = rows("SELECT version, epoch, checksum FROM runtime_checksums_values "
                + "WHERE name='mysql_servers'");
        assertThat(checksums.text(0, 0)).isEqualTo("2");
        assertThat(checksums.text(0, 1)).isEqualTo(String.valueOf(CLOCK.instant().getEpochSecond()));
        assertThat(checksums.text(0, 2)).isEqualTo(rows("CHECKSUM MEMORY MYSQL SERVERS").text(0, 1));

        run("DELETE FROM mysql_servers WHERE hostgroup_id = 20");
        run("load   mysql servers  to run ;");
        assertThat(rows("SELECT hostname FROM runtime_mysql_servers").rows()).hasSize(1);
        assertThat(rows("SELECT version FROM runtime_checksums_values WHERE name='mysql_servers'").text(0, 0))
                .isEqualTo("3");
    }

    @Test
    void the_checksum_depends_on_content_not_insertion_order() {
        run("INSERT INTO mysql_servers (hostgroup_id, hostname) VALUES (1, 'a')");
        run("INSERT INTO mysql_servers (hostgroup_id, hostname) VALUES (2, 'b')");
        String first = rows("CHECKSUM MEMORY MYSQL SERVERS").text(0, 1);
        run("DELETE FROM mysql_servers");
        run("INSERT INTO mysql_servers (hostgroup_id, hostname) VALUES (2, 'b')");
        run("INSERT INTO mysql_servers (hostgroup_id, hostname) VALUES (1, 'a')");
        assertThat(rows("CHECKSUM MYSQL SERVERS").text(0, 1)).isEqualTo(first);
        run("UPDATE mysql_servers SET weight = 2 WHERE hostname = 'a'");
        assertThat(rows("CHECKSUM MEM MYSQL SERVERS").text(0, 1)).isNotEqualTo(first);
        assertThat(rows("CHECKSUM MEMORY MYSQL SERVERS").columns()).containsExactly("table", "checksum");
        assertThat(rows("CHECKSUM MEMORY MYSQL SERVERS").text(0, 0)).isEqualTo("MYSQL SERVERS");
    }

    @Test
    void save_to_disk_and_load_from_disk_move_rows_between_memory_and_disk() {
        run("INSERT INTO mysql_servers (hostgroup_id, hostname) VALUES (1, 'saved')");
        run("SAVE MYSQL SERVERS TO DISK");
        assertThat(rows("SELECT hostname FROM disk.mysql_servers").text(0, 0)).isEqualTo("saved");
        assertThat(rows("CHECKSUM DISK MYSQL SERVERS").text(0, 1))
                .isEqualTo(rows("CHECKSUM MEMORY MYSQL SERVERS").text(0, 1));
        run("DELETE FROM mysql_servers");
        run("LOAD MYSQL SERVERS FROM DISK");
        assertThat(rows("SELECT hostname FROM mysql_servers").text(0, 0)).isEqualTo("saved");
        run("DELETE FROM mysql_servers");
        run("LOAD MYSQL SERVERS TO MEMORY");
        assertThat(rows("SELECT count(*) FROM mysql_servers").text(0, 0)).isEqualTo("1");
    }

    @Test
    void save_from_runtime_copies_runtime_back_into_memory() {
        run("INSERT INTO mysql_servers (hostgroup_id, hostname) VALUES (1, 'live')");
        run("LOAD MYSQL SERVERS TO RUNTIME");
        run("DELETE FROM mysql_servers");
        run("SAVE MYSQL SERVERS FROM RUNTIME");
        assertThat(rows("SELECT hostname FROM mysql_servers").text(0, 0)).isEqualTo("live");
    }

    @Test
    void a_restarted_store_has_what_was_saved_to_disk_in_memory_and_runtime() throws IOException {
        run("INSERT INTO mysql_servers (hostgroup_id, hostname) VALUES (1, 'saved')");
        run("SAVE MYSQL SERVERS TO DISK");
        run("INSERT INTO mysql_servers (hostgroup_id, hostname) VALUES (2, 'unsaved')");
        run("SET mysql-poll_timeout = 100");
        run("SAVE MYSQL VARIABLES TO DISK");
        store.close();
        open();
        assertThat(rows("SELECT hostname FROM mysql_servers").rows()).hasSize(1);
        assertThat(rows("SELECT hostname FROM runtime_mysql_servers").text(0, 0)).isEqualTo("saved");
        assertThat(rows("SELECT variable_value FROM runtime_global_variables "
                + "WHERE variable_name='mysql-poll_timeout'").text(0, 0)).isEqualTo("100");
        assertThat(rows("SELECT version FROM runtime_checksums_values WHERE name='mysql_servers'").text(0, 0))
                .isEqualTo("1");
    }

    @Test
    void set_updates_known_variables_and_ignores_the_rest() {
        assertThat(run("SET mysql-poll_timeout=100")).isEqualTo(new AdminReply.Ok(1, ""));
        assertThat(rows("SELECT variable_value FROM global_variables WHERE variable_name='mysql-poll_timeout'")
                .text(0, 0)).isEqualTo("100");
        assertThat(store.runtimeVariable("mysql-poll_timeout")).contains("2000");
        run("LOAD MYSQL VARIABLES TO RUNTIME");
        assertThat(store.runtimeVariable("mysql-poll_timeout")).contains("100");
        assertThat(run("SET mysql-no_such_variable = 1"))
                .isEqualTo(new AdminReply.Ok(0, "ERROR: Unknown global variable: 'mysql-no_such_variable'."));
        assertThat(run("SET mysql-server_version='5.5.30'")).isInstanceOf(AdminReply.Ok.class);
        run("LOAD MYSQL VARIABLES TO RUNTIME");
        assertThat(store.runtimeVariable("mysql-server_version")).contains("5.5.30");
    }

    @Test
    void the_global_variables_the_suite_reads_have_proxysqls_defaults() {
        AdminReply.Rows variables = rows("SHOW MYSQL VARIABLES");
        assertThat(variables.columns()).containsExactly("Variable_name", "Value");
        assertThat(rows("SELECT variable_value FROM global_variables WHERE variable_name IN "
                + "('mysql-poll_timeout', 'mysql-connect_timeout_server_max', 'mysql-monitor_enabled') "
                + "ORDER BY variable_name").rows()).extracting(row -> new String(row.get(0)))
                .containsExactly("10000", "true", "2000");
        assertThat(rows("SHOW VARIABLES LIKE 'mysql-poll%'").text(0, 1)).isEqualTo("2000");
    }

    static Stream<Arguments> clientCompatibility() {
        return Stream.of(
                Arguments.of("select @@version_comment limit 1", "'(ProxySQL Admin Module)'",
                        "(ProxySQL Admin Module)"),
                Arguments.of("SELECT @@version", "@@version", AdminSchema.PROXYSQL_VERSION),
                Arguments.of("select version()", "version()", AdminSchema.PROXYSQL_VERSION),
                Arguments.of("SELECT current_user()", "current_user()", "admin@127.0.0.1"),
                Arguments.of("select DATABASE(), USER() limit 1", "DATABASE()", "admin"),
                Arguments.of("SELECT DATABASE()", "DATABASE()", "admin"),
                Arguments.of("select connection_id()", "CONNECTION_ID()", "0"),
                Arguments.of("SHOW DATABASES", "seq", "0"),
                Arguments.of("SHOW TABLES", "tables", "global_variables"),
                Arguments.of("show tables from disk", "tables", "global_variables"),
                Arguments.of("SHOW TABLES LIKE 'runtime_mysql_r%'", "tables", "runtime_mysql_replication_hostgroups"),
                Arguments.of("SHOW CREATE TABLE mysql_servers", "table", "mysql_servers"),
                Arguments.of("SHOW GLOBAL VARIABLES LIKE 'version'", "Variable_name", "version"),
                Arguments.of("SELECT 1 + 1", "1 + 1", "2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientCompatibility")
    void queries_clients_send_get_the_admins_answers(String query, String column, String firstValue) {
        AdminReply.Rows reply = rows(query);
        assertThat(reply.columns().get(0)).isEqualTo(column);
        assertThat(reply.text(0, 0)).isEqualTo(firstValue);
    }

    @Test
    void show_create_table_shows_the_real_ddl_with_its_constraints() {
        assertThat(rows("SHOW CREATE TABLE mysql_servers").text(0, 1))
                .contains("CHECK (UPPER(status) IN ('ONLINE','SHUNNED','OFFLINE_SOFT', 'OFFLINE_HARD'))")
                .contains("comment VARCHAR NOT NULL DEFAULT ''")
                .contains("PRIMARY KEY (hostgroup_id, hostname, port)");
    }

    @Test
    void null_values_and_blobs_come_back_as_sqlite_has_them() {
        AdminReply.Rows reply = rows("SELECT NULL, x'00ff', 2.5, 7");
        assertThat(reply.rows().get(0).get(0)).isNull();
        assertThat(reply.rows().get(0).get(1)).containsExactly(0, 0xff);
        assertThat(reply.text(0, 2)).isEqualTo("2.5");
        assertThat(reply.text(0, 3)).isEqualTo("7");
    }
}
