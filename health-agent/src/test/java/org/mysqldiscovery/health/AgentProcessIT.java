package org.mysqldiscovery.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.files.RoleFileException;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.health.testing.AgentProcess;
import org.mysqldiscovery.health.testing.RunningAgent;
import org.mysqldiscovery.health.testing.TestCluster;
import org.mysqldiscovery.health.testing.ZkServer;

/** The shaded jar as a real process: --check-config, SIGTERM, kill -9. */
class AgentProcessIT {
    @TempDir
    Path dir;

    @Test
    void check_config_accepts_the_shipped_example_from_the_repository_root() {
        Path repoRoot = AgentProcess.moduleDir().getParent();
        AgentProcess.Result result = AgentProcess.run(repoRoot, "--check-config",
                "health-agent/config/example.yaml");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("OK: health-agent/config/example.yaml");
    }

    @Test
    void check_config_refuses_a_bad_config_and_says_where() throws IOException {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                instance: db1:3306
                zookeeper: {allowUnauthenticated: true, connectString: "127.0.0.1:2181"}
                mysql: {user: health}
                checkIntervalMilis: 500
                """);
        AgentProcess.Result result = AgentProcess.run(dir, "--check-config", config.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains(config.toString(), "checkIntervalMilis: unknown key", "(line ");
        assertThat(AgentProcess.run(dir, "--bogus").exitCode()).isEqualTo(2);
    }

    private Path config(ZkServer zk, int sessionTimeoutMillis) throws IOException, RoleFileException {
        TestCluster cluster = TestCluster.get();
        Path roles = Files.createDirectory(dir.resolve("roles"));
        RoleDirectory directory = new RoleDirectory(roles);
        directory.writeSchema(SchemaName.of("orders"));
        directory.writeRole(Role.REPLICA);
        String yaml = RunningAgent.yaml(zk, "/proc", cluster.replica(), cluster.passwordFile(), roles, "")
                .replace("sessionTimeoutMillis: " + 10 * zk.tickMillis(), "sessionTimeoutMillis: "
                        + sessionTimeoutMillis);
        return Files.writeString(dir.resolve("agent.yaml"), yaml);
    }

    private String path() {
        return "/proc/mysql/orders/replica/127.0.0.1:" + TestCluster.get().replica().port();
    }

    @Test
    void sigterm_deletes_the_node_at_once_and_the_process_exits() throws IOException, RoleFileException {
        // tick 1 s: a 15 s session, so "at once" cannot be mistaken for the session running out.
        try (ZkServer zk = ZkServer.create(1_000, true)) {
            Path config = config(zk, 15_000);
            long started = System.nanoTime();
            try (AgentProcess agent = AgentProcess.start(config, dir.resolve("agent.log"))) {
                await("registered").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                        .until(() -> zk.exists(path()));
                System.out.printf("process started -> registered in %d ms (JVM start included)%n",
                        (System.nanoTime() - started) / 1_000_000);

                long term = System.nanoTime();
                agent.process().destroy(); // SIGTERM
                await("node deleted").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(2))
                        .until(() -> !zk.exists(path()));
                long gone = (System.nanoTime() - term) / 1_000_000;
                System.out.printf("SIGTERM -> node gone in %d ms (session timeout 15000 ms)%n", gone);
                assertThat(agent.awaitExit(10)).as(agent.output()).isEqualTo(143);
                assertThat(agent.output()).contains("registration removed");
            }
        }
    }

    @Test
    void a_role_file_that_blocks_unregisters_and_sigterm_still_ends_the_process() throws Exception {
        try (ZkServer zk = ZkServer.create(200, true)) {
            Path config = config(zk, 4_000);
            try (AgentProcess agent = AgentProcess.start(config, dir.resolve("agent.log"))) {
                await("registered").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                        .until(() -> zk.exists(path()));
                Path role = dir.resolve("roles").resolve("role");
                Files.delete(role);
                assertThat(new ProcessBuilder("mkfifo", role.toString()).start().waitFor()).isZero();
                await("unregistered").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                        .until(() -> !zk.exists(path()));
                long term = System.nanoTime();
                agent.process().destroy(); // SIGTERM
                assertThat(agent.awaitExit(50)).as(agent.output()).isEqualTo(143);
                System.out.printf("role file a FIFO: SIGTERM -> exit in %d ms%n", (System.nanoTime() - term) / 1_000_000);
            }
        }
    }

    @Test
    void an_agent_killed_with_sigkill_loses_its_node_within_the_session_timeout() throws IOException,
            RoleFileException {
        try (ZkServer zk = ZkServer.create(200, true)) {
            int session = 2_000;
            Path config = config(zk, session);
            try (AgentProcess agent = AgentProcess.start(config, dir.resolve("agent.log"))) {
                await("registered").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                        .until(() -> zk.exists(path()));
                long killed = System.nanoTime();
                agent.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
                agent.awaitExit(5);
                await("node gone").atMost(Duration.ofMillis(10 * (session + 2 * zk.tickMillis() + 300)))
                        .pollInterval(Duration.ofMillis(5)).until(() -> !zk.exists(path()));
                long gone = (System.nanoTime() - killed) / 1_000_000;
                System.out.printf("kill -9 -> node gone in %d ms (session timeout %d ms)%n", gone, session);
                // 10x its budget: a busy CI machine must not fail this, a hang still does.
                assertThat(gone).isLessThanOrEqualTo(10 * (session + 2L * zk.tickMillis() + 300));
            }
        }
    }
}
