package org.mysqldiscovery.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.cli.support.CliRun;
import org.mysqldiscovery.cli.support.CliRun.Result;

/** What the command line itself refuses, before any server is asked. */
class CommandLineTest {

    @Test
    void every_command_has_help_with_its_exit_codes() {
        for (String[] command : new String[][] {{"--help"}, {"status", "--help"}, {"quarantine", "--help"},
                {"quarantine", "add", "--help"}, {"quarantine", "clear", "--help"}, {"quarantine", "list", "--help"},
                {"wait-converged", "--help"}, {"plan", "--help"}, {"check-config", "--help"},
                {"precheck", "--help"}, {"serve", "--help"}, {"help", "status"}}) {
            Result r = CliRun.run(command);
            assertThat(r.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(r.out()).as(String.join(" ", command)).contains("Usage:", "Exit codes");
        }
    }

    @Test
    void serve_without_a_serve_section_or_with_one_lacking_auth_is_a_usage_error(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path plain = dir.resolve("cli.yaml");
        java.nio.file.Files.writeString(plain, "precheck:\n  maxLagSeconds: 10\n");
        Result none = CliRun.run("serve", "--config", plain.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("serve needs a serve section");

        java.nio.file.Path open = dir.resolve("open.yaml");
        java.nio.file.Files.writeString(open, "serve:\n  http: {port: 9796}\n");
        Result noAuth = CliRun.run("serve", "--config", open.toString());
        assertThat(noAuth.exitCode()).isEqualTo(2);
        assertThat(noAuth.err()).contains("auth");
    }

    @Test
    void the_version_is_printed() {
        Result r = CliRun.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("mysql-discovery ");
    }

    @Test
    void unknown_options_and_commands_are_usage_errors_with_a_hint() {
        Result r = CliRun.run("status", "--nope");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--nope'", "Try 'mysql-discovery status --help'");
        assertThat(CliRun.run("frobnicate").exitCode()).isEqualTo(2);
        Result none = CliRun.run();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("a command is required");
    }

    @Test
    void no_zookeeper_given_is_a_usage_error() {
        for (String[] command : new String[][] {{"status"}, {"quarantine", "list"},
                {"wait-converged", "--timeout", "1s"}, {"quarantine", "add", "db1:3306", "--reason", "x"}}) {
            Result r = CliRun.run(command);
            assertThat(r.exitCode()).as(String.join(" ", command)).isEqualTo(2);
            assertThat(r.err()).contains("no ZooKeeper given: use --zookeeper");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"db2", "db2:", "db2:0", "db2:65536", "db2:33o6", ":3306", "::1:3306", "[::1]",
            "db 2:3306", "db2:3306/x", "db2:3306:3306", "", "[::1]:3306x", "\u001b[2J:3306"})
    void malformed_host_port_is_a_usage_error_naming_the_problem(String bad) {
        for (String command : new String[] {"add", "clear"}) {
            Result r = CliRun.run("quarantine", command, bad, "--reason", "x", "--allow-unauthenticated", "--zookeeper", "127.0.0.1:1");
            assertThat(r.exitCode()).as(command + " " + bad + ": " + r).isEqualTo(2);
            assertThat(r.err()).contains("HOST:PORT").doesNotContain("Exception").doesNotContain("\tat ")
                    .doesNotContain("\u001b");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5x", "-1s", "1.5s", "", "s", "25h", "99999999999h", "PTx"})
    void bad_durations_are_usage_errors(String bad) {
        Result r = CliRun.run("wait-converged", "--timeout", bad, "--allow-unauthenticated", "--zookeeper", "127.0.0.1:1");
        assertThat(r.exitCode()).as(bad + ": " + r).isEqualTo(2);
        assertThat(r.err()).contains("--timeout");
    }

    @Test
    void bad_zookeeper_settings_are_usage_errors() {
        Result root = CliRun.run("status", "--allow-unauthenticated", "--zookeeper", "127.0.0.1:1", "--root", "relative");
        assertThat(root.exitCode()).isEqualTo(2);
        assertThat(root.err()).contains("ZooKeeper settings: root:");
        Result spaces = CliRun.run("status", "--allow-unauthenticated", "--zookeeper", "a b");
        assertThat(spaces.exitCode()).isEqualTo(2);
        assertThat(spaces.err()).contains("connectString");
    }
}
