package org.mysqldiscovery.health.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.health.check.ReplicaStatus;
import org.mysqldiscovery.health.config.HeartbeatSettings;
import org.mysqldiscovery.health.config.MysqlSettings;
import org.mysqldiscovery.health.testing.MariaDbServer;
import org.mysqldiscovery.health.testing.TestCluster;

/** The JDBC edge against real MariaDB 10.11 servers, as the monitoring user with the documented grants. */
class JdbcMysqlServerIT {
    private static TestCluster cluster;

    @BeforeAll
    static void cluster() {
        cluster = TestCluster.get();
    }

    private static JdbcMysqlServer connect(MariaDbServer server, int timeoutMillis) {
        return new JdbcMysqlServer(new MysqlSettings("127.0.0.1", server.port(), "health",
                SecretFile.read(cluster.passwordFile()), 1_000), timeoutMillis);
    }

    @Test
    void the_replica_answers_every_query_of_a_round() throws SQLException {
        try (JdbcMysqlServer server = connect(cluster.replica(), 1_000)) {
            server.ping();
            ServerVariables variables = server.variables();
            assertThat(variables.readOnly()).isTrue();
            assertThat(variables.hasSuperReadOnly()).as("MariaDB has no super_read_only").isFalse();
            ReplicaStatus status = server.replicaStatus().orElseThrow();
            assertThat(status.ioRunning()).isEqualTo("Yes");
            assertThat(status.sqlRunning()).isEqualTo("Yes");
            assertThat(status.lagColumn()).isEqualTo("Seconds_Behind_Master");
            assertThat(status.secondsBehind()).isNotNull();
            cluster.beat(0);
            cluster.awaitReplicaCaughtUp();
            assertThat(server.heartbeatLagMillis(new HeartbeatSettings("percona.heartbeat", null, null, 5000)))
                    .isBetween(-1_000L, 5_000L);
            assertThat(server.bufferPoolLoadStatus()).isNotNull();
        }
    }

    @Test
    void the_primary_has_no_replication_row() throws SQLException {
        try (JdbcMysqlServer server = connect(cluster.primary(), 1_000)) {
            assertThat(server.replicaStatus()).isEmpty();
            assertThat(server.variables().readOnly()).isFalse();
        }
    }

    @Test
    void mysql_8_column_names_are_read_as_well() throws SQLException {
        try (Connection c = cluster.replica().root(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 'Yes' AS Replica_IO_Running, 'No' AS Replica_SQL_Running, "
                        + "'7' AS Seconds_Behind_Source, '' AS Last_IO_Error, 'boom' AS Last_SQL_Error")) {
            Optional<ReplicaStatus> status = JdbcMysqlServer.readReplicaStatus(rs);
            assertThat(status).contains(new ReplicaStatus("Yes", "No", 7L, "Seconds_Behind_Source", "", "boom"));
        }
        try (Connection c = cluster.replica().root(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 'Yes' AS Slave_IO_Running, 'Yes' AS Slave_SQL_Running, "
                        + "NULL AS Seconds_Behind_Master")) {
            assertThat(JdbcMysqlServer.readReplicaStatus(rs).orElseThrow().secondsBehind()).isNull();
        }
    }

    @Test
    void a_missing_heartbeat_table_and_garbage_heartbeats_are_reported_not_hidden() throws SQLException {
        try (JdbcMysqlServer server = connect(cluster.replica(), 1_000)) {
            assertThatThrownBy(() -> server.heartbeatLagMillis(new HeartbeatSettings("percona.nope", null, null,
                    null))).isInstanceOf(SQLException.class).hasMessageContaining("nope");
            // A column that holds no time: TIMESTAMPDIFF is NULL, the agent reports "no usable row".
            assertThat(server.heartbeatLagMillis(new HeartbeatSettings("percona.heartbeat", "server_id", null,
                    null))).isNull();
            server.ping(); // the connection survives a failed statement
        }
    }

    @Test
    void a_blocked_statement_fails_within_the_check_timeout_and_the_next_call_reconnects() throws SQLException {
        try (JdbcMysqlServer server = connect(cluster.replica(), 300);
                Connection locker = cluster.replica().root(); Statement lock = locker.createStatement()) {
            server.ping();
            lock.execute("LOCK TABLES percona.heartbeat WRITE");
            long start = System.nanoTime();
            assertThatThrownBy(() -> server.heartbeatLagMillis(new HeartbeatSettings("percona.heartbeat", null,
                    null, null))).isInstanceOf(SQLException.class);
            long took = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("blocked heartbeat query gave up after %d ms (timeout 300 ms)%n", took);
            assertThat(took).isLessThan(10 * 300); // 10x its budget (busy CI)
            lock.execute("UNLOCK TABLES");
            server.ping();
        }
    }

    @Test
    void a_wrong_password_and_a_dead_port_fail_with_a_readable_message(@TempDir Path dir) throws Exception {
        Path wrong = Files.writeString(dir.resolve("pw"), "wrong\n");
        try (JdbcMysqlServer server = new JdbcMysqlServer(new MysqlSettings("127.0.0.1", cluster.replica().port(),
                "health", SecretFile.read(wrong), 1_000), 1_000)) {
            assertThatThrownBy(server::ping).isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
        }
        int dead = MariaDbServer.freePort();
        try (JdbcMysqlServer server = new JdbcMysqlServer(new MysqlSettings("127.0.0.1", dead, "health", null,
                500), 500)) {
            long start = System.nanoTime();
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, server::ping);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10 * 500); // 10x its budget (busy CI)
            assertThat(Errors.describe(e)).isNotBlank().doesNotContain("\n");
        }
    }

    @Test
    void a_killed_connection_is_replaced_on_the_next_call() throws SQLException {
        try (JdbcMysqlServer server = connect(cluster.replica(), 1_000)) {
            server.ping();
            String id = cluster.replica().query("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'health' "
                    + "ORDER BY ID DESC LIMIT 1");
            cluster.replica().sql("KILL CONNECTION " + id);
            // The first call after the kill may fail (it finds the connection dead); the one after reconnects.
            try {
                server.ping();
            } catch (SQLException expected) {
                // dropped, reconnects next time
            }
            server.ping();
        }
    }

    @Test
    void fencing_sets_read_only() throws SQLException {
        MariaDbServer primary = cluster.primary();
        try (JdbcMysqlServer server = connect(primary, 1_000)) {
            assertThat(server.variables().readOnly()).isFalse();
            server.fence(false);
            assertThat(server.variables().readOnly()).isTrue();
        } finally {
            primary.sql("SET GLOBAL read_only = OFF");
        }
    }
}
