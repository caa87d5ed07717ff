package org.mysqldiscovery.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.role.testing.Http;
import org.mysqldiscovery.role.testing.Ports;

/** The shaded jar as operators run it. */
class MainIT {
    private static final Path JAR = Path.of("target/role-agent.jar").toAbsolutePath();
    private static final Path REPO_ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static ProcessBuilder java(Path workingDirectory, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx48m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
    }

    private static String finish(Process process) throws Exception {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void the_example_config_passes_check_config_from_the_repository_root() throws Exception {
        Process process = java(REPO_ROOT, "--check-config", "role-agent/config/example.yaml").start();
        String output = finish(process);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.strip()).isEqualTo("OK: role-agent/config/example.yaml");
    }

    @Test
    void the_agent_runs_serves_and_stops_on_sigterm_and_refuses_to_start_without_its_token() throws Exception {
        try (TestingServer zookeeper = new TestingServer()) {
            int port = Ports.freeOnAll("127.0.0.1");
            Path roleDir = Files.createDirectories(dir.resolve("roles"));
            Files.writeString(roleDir.resolve("schema"), "orders\n");
            Files.writeString(roleDir.resolve("role"), "replica\n");
            Path token = dir.resolve("token");
            Files.writeString(token, "jar-token-0123456789abcdef\n");
            String yaml = "instance: \"127.0.0.1:3306\"\nroleDirectory: " + roleDir + "\nzookeeper:\n  allowUnauthenticated: true\n  connectString: \""
                    + zookeeper.getConnectString() + "\"\nhttp:\n  bindAddress: 127.0.0.1\n  port: " + port
                    + "\nauth:\n  tokenFile: " + token + "\nfenceOnDemotion: false\nauditLog: " + dir.resolve("a.log")
                    + "\nlogging:\n  format: json\n";
            Path config = dir.resolve("agent.yaml");
            Files.writeString(config, yaml);

            Process agent = java(dir, "--config", config.toString()).redirectOutput(dir.resolve("out.log").toFile())
                    .start();
            try {
                Http http = new Http("http://127.0.0.1:" + port, "jar-token-0123456789abcdef");
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.get("/v1/role").status()
                        == 200);
                assertThat(http.put("/v1/role", "{\"role\":\"primary\",\"instance\":\"127.0.0.1:3306\",\"reason\":"
                        + "\"jar\"}").status()).isEqualTo(200);
                assertThat(Files.readString(roleDir.resolve("role"))).isEqualTo("primary\n");
            } finally {
                agent.destroy(); // SIGTERM: the shutdown hook closes the agent
                assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            String log = Files.readString(dir.resolve("out.log"));
            assertThat(log).contains("\"program\":\"role-agent\"", "role agent for 127.0.0.1:3306 stopped")
                    .doesNotContain("jar-token-0123456789abcdef");

            Files.delete(token);
            Process refused = java(dir, "--config", config.toString()).start();
            String output = finish(refused);
            assertThat(refused.exitValue()).isEqualTo(1);
            assertThat(output).contains("auth.tokenFile").contains("does not exist");
        }
    }

    @Test
    void a_role_file_that_blocks_leaves_every_endpoint_answering_and_sigterm_still_ends_the_agent() throws Exception {
        try (TestingServer zookeeper = new TestingServer()) {
            int port = Ports.freeOnAll("127.0.0.1");
            Path roleDir = Files.createDirectories(dir.resolve("roles"));
            Files.writeString(roleDir.resolve("schema"), "orders\n");
            Files.writeString(roleDir.resolve("role"), "replica\n");
            Path token = dir.resolve("token");
            Files.writeString(token, "jar-token-0123456789abcdef\n");
            Path config = dir.resolve("agent.yaml");
            Files.writeString(config, "instance: \"127.0.0.1:3306\"\nroleDirectory: " + roleDir
                    + "\nzookeeper:\n  allowUnauthenticated: true\n  connectString: \"" + zookeeper.getConnectString() + "\"\nhttp:\n  bindAddress: "
                    + "127.0.0.1\n  port: " + port + "\nauth:\n  tokenFile: " + token + "\nfenceOnDemotion: false\n"
                    + "auditLog: " + dir.resolve("a.log") + "\n");
            Process agent = java(dir, "--config", config.toString()).redirectOutput(dir.resolve("out.log").toFile())
                    .start();
            try {
                Http http = new Http("http://127.0.0.1:" + port, "jar-token-0123456789abcdef");
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.get("/v1/role").status()
                        == 200);
                Files.delete(roleDir.resolve("role"));
                Process mkfifo = new ProcessBuilder("mkfifo", roleDir.resolve("role").toString()).start();
                assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
                // Many readers at once, more than the 16 HTTP threads: none may hang (budget: the 500 ms bound).
                for (int i = 0; i < 20; i++) {
                    long t0 = System.nanoTime();
                    Http.Answer role = http.get("/v1/role");
                    Http.Answer health = http.get("/health");
                    assertThat(role.status()).isEqualTo(503);
                    assertThat(role.error()).contains("FIFO");
                    assertThat(health.status()).isEqualTo(503);
                    assertThat(health.body()).contains("FIFO");
                    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
                }
                // A PUT replaces the FIFO by an atomic rename: the agent recovers the file itself.
                assertThat(http.put("/v1/role", "{\"role\":\"replica\",\"instance\":\"127.0.0.1:3306\",\"reason\":"
                        + "\"restore\"}").status()).isEqualTo(200);
                assertThat(Files.readString(roleDir.resolve("role"))).isEqualTo("replica\n");
                assertThat(http.get("/health").status()).isEqualTo(200);
            } finally {
                long t0 = System.nanoTime();
                agent.destroy(); // SIGTERM
                assertThat(agent.waitFor(50, TimeUnit.SECONDS)).as("ended on SIGTERM").isTrue();
                System.out.printf("SIGTERM to exit: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }

    @Test
    void a_token_file_that_is_a_fifo_or_dev_zero_is_refused_at_once_naming_it() throws Exception {
        Path roleDir = Files.createDirectories(dir.resolve("roles"));
        Path fifo = dir.resolve("token-fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        for (String tokenFile : List.of(fifo.toString(), "/dev/zero", dir.toString())) {
            Path config = dir.resolve("agent.yaml");
            Files.writeString(config, "instance: \"127.0.0.1:3306\"\nroleDirectory: " + roleDir
                    + "\nzookeeper:\n  allowUnauthenticated: true\n  connectString: \"127.0.0.1:1\"\nauth:\n  tokenFile: " + tokenFile
                    + "\nfenceOnDemotion: false\nauditLog: " + dir.resolve("a.log") + "\n");
            long t0 = System.nanoTime();
            Process check = java(dir, "--check-config", config.toString()).start();
            String output = finish(check);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(check.exitValue()).as(output).isEqualTo(1);
            assertThat(output).contains("auth.tokenFile", tokenFile);
            // The budget is 1 s for the refusal itself; a JVM start is included here, so 10 x a generous 6 s.
            assertThat(millis).isLessThan(60_000);
        }
    }
}
