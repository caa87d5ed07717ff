package org.mysqldiscovery.role;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private record Run(Main.Outcome outcome, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main.Outcome outcome = Main.prepare(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(outcome, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void help_and_version_print_and_exit_0_without_starting_anything() {
        Run version = run("--version");
        assertThat(version.outcome().exitCode()).isZero();
        assertThat(version.outcome().config()).isNull();
        assertThat(version.out()).startsWith("role-agent ");
        Run help = run("--help");
        assertThat(help.outcome().exitCode()).isZero();
        assertThat(help.out()).contains("usage: java -jar role-agent.jar", "--check-config FILE");
    }

    @Test
    void check_config_of_a_valid_file_prints_ok_and_exits_0() throws Exception {
        Path config = dir.resolve("ok.yaml");
        Files.writeString(config, "instance: \"db1:3306\"\nroleDirectory: /tmp/x\nzookeeper:\n  allowUnauthenticated: true\n  connectString: "
                + "\"127.0.0.1:2181\"\nauth: none\nfenceOnDemotion: false\nauditLog: /tmp/a.log\n");
        Run run = run("--check-config", config.toString());
        assertThat(run.outcome().exitCode()).isZero();
        assertThat(run.outcome().config()).isNull();
        assertThat(run.out()).isEqualTo("OK: " + config + System.lineSeparator());
    }

    @Test
    void check_config_of_a_config_without_auth_exits_1_and_says_why() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "instance: \"db1:3306\"\nroleDirectory: /tmp/x\nzookeeper:\n  allowUnauthenticated: true\n  connectString: "
                + "\"127.0.0.1:2181\"\nfenceOnDemotion: false\nauditLog: /tmp/a.log\n");
        Run run = run("--check-config", config.toString());
        assertThat(run.outcome().exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(config.toString()).contains("auth: is required");
    }

    @Test
    void wrong_arguments_print_the_usage() {
        Run run = run("--frobnicate");
        assertThat(run.outcome().exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("usage");
    }

    @Test
    void config_runs_the_agent() throws Exception {
        Path config = dir.resolve("ok.yaml");
        Files.writeString(config, "instance: \"db1:3306\"\nroleDirectory: /tmp/x\nzookeeper:\n  allowUnauthenticated: true\n  connectString: "
                + "\"127.0.0.1:2181\"\nauth: none\nfenceOnDemotion: false\nauditLog: /tmp/a.log\n");
        assertThat(run("--config", config.toString()).outcome().config()).isNotNull();
    }
}
