package org.mysqldiscovery.sandbox.proxysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in's model of ProxySQL's connection pool (proxysql-admin.md, "In-flight writes when a writer leaves the
 * hostgroup"): routing by the runtime, ConnUsed of queries in flight, OFFLINE_SOFT lets them finish, a removal loses
 * their answers.
 */
class ConnectionPoolTest {
    private static final SessionInfo SESSION = new SessionInfo("admin", "127.0.0.1", 1, true);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dataDir;
    private AdminStore store;
    private AdminCommandRouter router;
    private final ConnectionPool pool = new ConnectionPool();

    @BeforeEach
    void open() throws IOException {
        store = AdminStore.open(dataDir, "admin", "pw", CLOCK, pool);
        router = new AdminCommandRouter(store);
        run("INSERT INTO mysql_servers (hostgroup_id, hostname, port) VALUES (10, 'db1', 3306), (11, 'db2', 3306)");
        run("LOAD MYSQL SERVERS TO RUNTIME");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private AdminReply run(String sql) {
        AdminReply reply = router.handle(sql, SESSION);
        assertThat(reply).as(sql).isNotInstanceOf(AdminReply.Failure.class);
        return reply;
    }

    private List<String> connUsed(int hostgroup) {
        AdminReply.Rows rows = (AdminReply.Rows) run("SELECT srv_host, status, ConnUsed FROM stats_mysql_connection_pool"
                + " WHERE hostgroup = " + hostgroup);
        return rows.rows().stream().map(row -> new String(row.get(0), StandardCharsets.UTF_8) + " "
                + new String(row.get(1), StandardCharsets.UTF_8) + " " + new String(row.get(2), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void a_query_goes_to_the_runtime_writer_and_counts_in_conn_used_while_it_runs() {
        ConnectionPool.Query query = pool.begin(10).orElseThrow();
        assertThat(query.instance()).isEqualTo("db1:3306");
        assertThat(connUsed(10)).containsExactly("db1 ONLINE 1");
        assertThat(query.finish()).isFalse();
        assertThat(connUsed(10)).containsExactly("db1 ONLINE 0");
    }

    @Test
    void offline_soft_sends_no_new_query_and_lets_the_running_one_finish() {
        ConnectionPool.Query running = pool.begin(10).orElseThrow();
        run("UPDATE mysql_servers SET status = 'OFFLINE_SOFT' WHERE hostgroup_id = 10");
        run("LOAD MYSQL SERVERS TO RUNTIME");

        assertThat(pool.begin(10)).as("held: no ONLINE writer").isEmpty();
        assertThat(connUsed(10)).containsExactly("db1 OFFLINE_SOFT 1");
        assertThat(running.finish()).isFalse();
        assertThat(pool.lostAnswers()).isZero();
    }

    @Test
    void a_removal_while_a_query_runs_loses_its_answer_and_proxysql_would_resend_it() {
        ConnectionPool.Query running = pool.begin(10).orElseThrow();
        run("DELETE FROM mysql_servers WHERE hostgroup_id = 10");
        run("LOAD MYSQL SERVERS TO RUNTIME");

        assertThat(connUsed(10)).isEmpty();
        assertThat(running.finish()).isTrue();
        assertThat(pool.lostAnswers()).isEqualTo(1);
    }

    @Test
    void config_changes_without_load_change_nothing() {
        ConnectionPool.Query running = pool.begin(10).orElseThrow();
        run("DELETE FROM mysql_servers WHERE hostgroup_id = 10");
        assertThat(pool.begin(10)).isPresent();
        assertThat(running.finish()).isFalse();
    }

    @Test
    void the_stats_table_is_in_the_stats_schema_and_not_among_the_main_tables() {
        assertThat(((AdminReply.Rows) run("SELECT COUNT(*) FROM stats.stats_mysql_connection_pool")).rows())
                .hasSize(1);
        AdminReply.Rows tables = (AdminReply.Rows) run("SHOW TABLES");
        assertThat(tables.rows().stream().map(r -> new String(r.get(0), StandardCharsets.UTF_8)))
                .doesNotContain("stats_mysql_connection_pool");
    }
}
