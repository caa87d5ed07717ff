package org.mysqldiscovery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.cli.support.CliRun;
import org.mysqldiscovery.cli.support.ZkFixture;
import org.mysqldiscovery.common.model.Role;

/** The packaged CLI as operators and Orchestrator run it: a separate JVM, through the jar and the launcher. */
class ShadedJarIT {
    static final Path JAR = Path.of("target", "mysql-discovery.jar").toAbsolutePath();
    static final Path LAUNCHER = Path.of("bin", "mysql-discovery").toAbsolutePath();

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err, Duration took) {
    }

    Run run(List<String> command) throws IOException, InterruptedException {
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("MYSQL_DISCOVERY_CONFIG");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
    }

    Run jar(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    @Test
    void status_as_json_from_the_jar_prints_only_the_document() throws Exception {
        try (ZkFixture zk = new ZkFixture()) {
            zk.register("orders", Role.PRIMARY, "db1:3306");
            zk.register("orders", Role.REPLICA, "db2:3306");

            Run r = jar("status", "--allow-unauthenticated", "--zookeeper", zk.connectString(), "--json");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(new ObjectMapper().readTree(r.out()).get("schemas").get(0).get("schema").asText())
                    .isEqualTo("orders");
            assertThat(CliRun.withoutOptOutWarning(r.err())).isEmpty();
        }
    }

    @Test
    void an_unreachable_zookeeper_gives_one_line_and_exit_2_within_the_timeout() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Run r = jar("status", "--allow-unauthenticated", "--zookeeper", "127.0.0.1:" + port, "--zookeeper-timeout", "2s");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(CliRun.withoutOptOutWarning(r.err())).isEqualTo("error: cannot reach ZooKeeper at 127.0.0.1:" + port + " within 2000 ms (is it"
                + " running, and is --zookeeper right?)\n");
        assertThat(r.out()).isEmpty();
        // It gives up instead of hanging: ten times the 2 s timeout, JVM start-up included (4.5 s failed once on a
        // machine whose two cores four other builds kept busy; the message above says which timeout was applied).
        assertThat(r.took()).isLessThan(Duration.ofMillis(10 * 2000));
    }

    @Test
    void the_launcher_finds_the_jar_in_the_build_tree() throws Exception {
        Run version = run(List.of("bash", LAUNCHER.toString(), "--version"));
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("mysql-discovery ");

        Run usage = run(List.of("bash", LAUNCHER.toString(), "status", "--bogus"));
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void the_launcher_says_when_there_is_no_jar() throws Exception {
        Path lonely = dir.resolve("bin").resolve("mysql-discovery");
        Files.createDirectories(lonely.getParent());
        Files.copy(LAUNCHER, lonely);
        Run r = run(List.of("bash", lonely.toString(), "--version"));
        if (Files.exists(Path.of("/opt/mysql-discovery/lib/mysql-discovery.jar"))) {
            return; // an installed jar is found, rightly
        }
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cannot find mysql-discovery.jar");
    }
}
