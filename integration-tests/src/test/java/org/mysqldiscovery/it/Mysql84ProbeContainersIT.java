package org.mysqldiscovery.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.health.check.ReplicaStatus;
import org.mysqldiscovery.health.config.MysqlSettings;
import org.mysqldiscovery.health.probe.JdbcMysqlServer;
import org.mysqldiscovery.health.probe.ServerVariables;
import org.mysqldiscovery.sandbox.suite.Suite;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The health agent's MySQL probe against real MySQL 8.4 (the sandbox runs MariaDB): a GTID source and its replica
 * from the official image, the agent's user created with 8.4's default {@code caching_sha2_password}. What differs
 * from MariaDB is what is checked: {@code SHOW REPLICA STATUS} with {@code Seconds_Behind_Source},
 * {@code super_read_only}, fencing. Skipped where Docker is missing or the image cannot be pulled.
 */
@Testcontainers(disabledWithoutDocker = true)
class Mysql84ProbeContainersIT {
    private static final String IMAGE = System.getProperty("mysql.image", "mysql:8.4");
    private static final String ROOT_PASSWORD = "root-pw";
    private static final String AGENT = "health";
    private static final String AGENT_PASSWORD = "health-pw";

    private static Network network;
    private static GenericContainer<?> source;
    private static GenericContainer<?> replica;
    private static SecretFile agentPassword;

    @BeforeAll
    static void startSourceAndReplica(@TempDir Path dir) throws SQLException {
        network = Network.newNetwork();
        source = mysql(1).withNetworkAliases("source");
        replica = mysql(2);
        ContainerImages.startOrSkip(source, IMAGE);
        ContainerImages.startOrSkip(replica, IMAGE);
        try (Connection c = root(source); Statement s = c.createStatement()) {
            s.execute("CREATE USER 'repl'@'%' IDENTIFIED BY 'repl-pw'");
            s.execute("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'");
            s.execute("CREATE USER '" + AGENT + "'@'%' IDENTIFIED BY '" + AGENT_PASSWORD + "'");
            s.execute("GRANT PROCESS, REPLICATION CLIENT, SYSTEM_VARIABLES_ADMIN ON *.* TO '" + AGENT + "'@'%'");
        }
        try (Connection c = root(replica); Statement s = c.createStatement()) {
            s.execute("CHANGE REPLICATION SOURCE TO SOURCE_HOST='source', SOURCE_PORT=3306, SOURCE_USER='repl', "
                    + "SOURCE_PASSWORD='repl-pw', SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1");
            s.execute("START REPLICA");
            s.execute("SET GLOBAL super_read_only = ON");
        }
        try {
            agentPassword = SecretFile.read(Files.writeString(dir.resolve("health.password"), AGENT_PASSWORD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Suite.await("the replica has the agent's user from the source", Duration.ofSeconds(60), () -> {
            try (Connection c = root(replica); Statement s = c.createStatement();
                    var rs = s.executeQuery("SELECT COUNT(*) FROM mysql.user WHERE user = '" + AGENT + "'")) {
                return rs.next() && rs.getInt(1) == 1;
            } catch (SQLException notYet) {
                return false;
            }
        });
    }

    private static GenericContainer<?> mysql(int serverId) {
        return new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withNetwork(network)
                .withEnv("MYSQL_ROOT_PASSWORD", ROOT_PASSWORD)
                .withCommand("--server-id=" + serverId, "--gtid-mode=ON", "--enforce-gtid-consistency=ON",
                        "--log-bin=binlog")
                .withExposedPorts(3306)
                // The image starts a temporary server (port 0) first; the real one says port: 3306.
                .waitingFor(Wait.forLogMessage(".*ready for connections.*port: 3306.*", 1)
                        .withStartupTimeout(Duration.ofSeconds(180)));
    }

    private static Connection root(GenericContainer<?> mysql) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://" + mysql.getHost() + ":" + mysql.getMappedPort(3306)
                + "/?user=root&password=" + ROOT_PASSWORD + "&allowPublicKeyRetrieval=true&connectTimeout=2000");
    }

    private static JdbcMysqlServer agent(GenericContainer<?> mysql) {
        return new JdbcMysqlServer(new MysqlSettings(mysql.getHost(), mysql.getMappedPort(3306), AGENT, agentPassword,
                2_000), 2_000);
    }

    @AfterAll
    static void stop() {
        if (replica != null) {
            replica.stop();
        }
        if (source != null) {
            source.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void the_agent_logs_in_with_caching_sha2_password_and_reads_a_replica_of_mysql_8_4() throws SQLException {
        try (JdbcMysqlServer server = agent(replica)) {
            server.ping();
            ServerVariables variables = server.variables();
            assertThat(variables.readOnly()).isTrue();
            assertThat(variables.superReadOnly()).as("MySQL has super_read_only").isTrue();
            Suite.await("replication runs", Duration.ofSeconds(30), () -> {
                try {
                    return server.replicaStatus().map(r -> "Yes".equals(r.ioRunning())).orElse(false);
                } catch (SQLException e) {
                    return false;
                }
            });
            ReplicaStatus status = server.replicaStatus().orElseThrow();
            assertThat(status.sqlRunning()).isEqualTo("Yes");
            assertThat(status.lagColumn()).isEqualTo("Seconds_Behind_Source");
            assertThat(status.secondsBehind()).isNotNull();
            assertThat(server.bufferPoolLoadStatus()).isNotNull();
        }
    }

    @Test
    void the_source_has_no_replication_row_and_fencing_sets_super_read_only() throws SQLException {
        try (JdbcMysqlServer server = agent(source)) {
            assertThat(server.replicaStatus()).isEmpty();
            assertThat(server.variables().readOnly()).isFalse();
            server.fence(true);
            ServerVariables fenced = server.variables();
            assertThat(fenced.readOnly()).isTrue();
            assertThat(fenced.superReadOnly()).isTrue();
        } finally {
            try (Connection c = root(source); Statement s = c.createStatement()) {
                s.execute("SET GLOBAL super_read_only = OFF");
                s.execute("SET GLOBAL read_only = OFF");
            }
        }
    }
}
