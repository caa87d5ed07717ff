package org.mysqldiscovery.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut;
    PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    @Test
    void check_config_prints_ok_and_exits_0_for_a_valid_file() throws Exception {
        Path secret = dir.resolve("pw");
        Files.writeString(secret, "x\n");
        Path config = dir.resolve("sync.yaml");
        Files.writeString(config, """
                zookeeper: {allowUnauthenticated: true, connectString: 127.0.0.1:2181}
                proxysql: {host: 127.0.0.1, user: admin, passwordFile: %s}
                hostgroups: {orders: {primary: 10}}
                """.formatted(secret));
        assertThat(Main.run(new String[] {"--check-config", config.toString()})).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("OK: " + config + System.lineSeparator());
    }

    @Test
    void check_config_prints_the_reason_and_exits_1_for_an_invalid_file() throws Exception {
        Path config = dir.resolve("sync.yaml");
        Files.writeString(config, "zookeeper: {allowUnauthenticated: true, connectString: 127.0.0.1:2181}\nmode: yolo\n");
        assertThat(Main.run(new String[] {"--check-config", config.toString()})).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("sync.yaml").contains("mode");
        assertThat(Main.run(new String[] {"--check-config", dir.resolve("missing.yaml").toString()})).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("does not exist");
    }

    @Test
    void help_and_version_print_and_exit_0() {
        assertThat(Main.run(new String[] {"--version"})).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("proxysql-sync ");
        assertThat(Main.run(new String[] {"-h"})).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: java -jar proxysql-sync.jar");
    }

    @Test
    void wrong_arguments_print_the_usage_and_exit_2() {
        assertThat(Main.run(new String[] {"--frobnicate"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -jar proxysql-sync.jar");
    }
}
