package org.mysqldiscovery.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.cli.support.CliRun;
import org.mysqldiscovery.cli.support.CliRun.Result;

/**
 * {@code check-config}: the CLI's own config in-process; the daemons' configs through their jar. The jar route is
 * exercised with this module's shaded jar, which follows the same {@code --check-config FILE} convention.
 */
class CheckConfigCommandIT {
    static final Path SHADED_JAR = Path.of("target", "mysql-discovery.jar").toAbsolutePath();

    @TempDir
    static Path dir;
    static Path passwordFile;

    @BeforeAll
    static void files() throws Exception {
        passwordFile = dir.resolve("mysql.password");
        Files.writeString(passwordFile, "secret\n");
    }

    /** The example with its secret file pointed at one that exists here. */
    static Path example() throws Exception {
        String text = Files.readString(Path.of("config", "example.yaml"))
                .replace("cli/config/example-secrets/mysql-password", passwordFile.toString())
                // The example names its ZooKeeper password relative to the repository root; tests run in the module.
                .replace("cli/config/example-secrets/", Path.of("config", "example-secrets").toAbsolutePath() + "/");
        Path file = dir.resolve("example.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void the_example_config_is_valid() throws Exception {
        Path example = example();
        Result r = CliRun.run("check-config", "cli", example.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("OK: " + example + "\n");
    }

    @Test
    void the_serve_example_config_puppet_is_checked_against_is_valid() throws Exception {
        String text = Files.readString(Path.of("config", "serve-example.yaml"))
                .replace("cli/config/example-secrets/mysql-password", passwordFile.toString())
                .replace("cli/config/example-secrets/", Path.of("config", "example-secrets").toAbsolutePath() + "/");
        Path file = dir.resolve("serve-example.yaml");
        Files.writeString(file, text);
        Result r = CliRun.run("check-config", "cli", file.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("OK: " + file + "\n");
    }

    @Test
    void json_says_valid_or_invalid_with_the_reason_and_the_same_exit_code() throws Exception {
        Path example = example();
        Result ok = CliRun.run("check-config", "cli", example.toString(), "--json");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("\"outcome\" : \"valid\"", "\"subject\" : \"" + example + "\"");

        Path typo = dir.resolve("typo-json.yaml");
        Files.writeString(typo, "precheck:\n  maxLagSeconds: 1\n  bogus: 2\n");
        Result bad = CliRun.run("check-config", "cli", typo.toString(), "--json");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out()).contains("\"outcome\" : \"invalid\"", "precheck.bogus: unknown key", "(line 3)");
    }

    @Test
    void the_cli_config_the_sandbox_writes_is_valid() throws Exception {
        Path file = dir.resolve("sandbox-cli.yaml");
        Files.writeString(file, org.mysqldiscovery.sandbox.scenario.SandboxConsole.cliConfig("127.0.0.1:2181",
                "/mysql-discovery", org.mysqldiscovery.common.zk.SuiteIdentities.generate(dir.resolve("ids"))
                        .authYaml(org.mysqldiscovery.common.zk.ZkIdentities.Kind.OPERATOR, 2),
                "discovery_agent", passwordFile, List.of("orders", "users")));
        Result r = CliRun.run("check-config", "cli", file.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void an_invalid_cli_config_names_file_field_and_reason_with_exit_1() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "precheck:\n  maxLagSeconds: -3\n");
        Result r = CliRun.run("check-config", "cli", bad.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(bad.toString(), "precheck.maxLagSeconds: -3 is out of range");

        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "mysq:\n  user: x\n");
        assertThat(CliRun.run("check-config", "cli", typo.toString()).err()).contains("mysq: unknown key");

        Path missingSecret = dir.resolve("secret.yaml");
        Files.writeString(missingSecret, "mysql:\n  user: x\n  passwordFile: /nonexistent/pw\n");
        assertThat(CliRun.run("check-config", "cli", missingSecret.toString()).err())
                .contains("secret file /nonexistent/pw does not exist");

        Result missing = CliRun.run("check-config", "cli", "/nonexistent.yaml");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("/nonexistent.yaml: does not exist");

        Path empty = dir.resolve("empty.yaml");
        Files.writeString(empty, "");
        assertThat(CliRun.run("check-config", "cli", empty.toString()).err()).contains("is empty");

        Path garbage = dir.resolve("garbage.yaml");
        Files.write(garbage, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, '{', '['});
        assertThat(CliRun.run("check-config", "cli", garbage.toString()).exitCode()).isEqualTo(1);
    }

    @Test
    void the_root_check_config_option_follows_the_programs_convention() throws Exception {
        Path example = example();
        Result r = CliRun.run("--check-config", example.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("OK: " + example + "\n");
    }

    @Test
    void a_daemon_kind_runs_the_daemons_jar_and_passes_its_verdict_on() throws Exception {
        Path example = example();
        Result ok = CliRun.run("check-config", "role-agent", example.toString(), "--jar", SHADED_JAR.toString());
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.out()).isEqualTo("OK: " + example + "\n");

        Path bad = dir.resolve("bad-daemon.yaml");
        Files.writeString(bad, "zookeeper:\n  allowUnauthenticated: true\n  connectString: ''\n");
        Result invalid = CliRun.run("check-config", "health-agent", bad.toString(), "--jar", SHADED_JAR.toString());
        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(1);
        assertThat(invalid.err()).contains(bad.toString(), "connectString: is required");
    }

    @Test
    void a_proxysql_sync_config_is_checked_with_the_syncs_own_loader() throws Exception {
        Path sync = dir.resolve("sync.yaml");
        Files.writeString(sync, "zookeeper:\n  allowUnauthenticated: true\n  connectString: zk1:2181\nproxysql:\n  host: 127.0.0.1\n  user: admin\n"
                + "  passwordFile: " + passwordFile + "\nhostgroups:\n  orders: {primary: 10, replica: 20}\n");
        Result ok = CliRun.run("check-config", "proxysql-sync", sync.toString());
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.out()).isEqualTo("OK: " + sync + "\n");

        Path clash = dir.resolve("clash.yaml");
        Files.writeString(clash, Files.readString(sync).replace("replica: 20", "replica: 10"));
        Result bad = CliRun.run("check-config", "proxysql-sync", clash.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains(clash.toString(), "hostgroup 10 is already used");
    }

    @Test
    void an_unknown_kind_or_a_missing_jar_is_a_usage_error() throws Exception {
        Path example = example();
        Result kind = CliRun.run("check-config", "orchestrator", example.toString());
        assertThat(kind.exitCode()).isEqualTo(2);
        assertThat(kind.err()).contains("unknown KIND \"orchestrator\"");

        Result jar = CliRun.run("check-config", "health-agent", example.toString(), "--jar", "/nonexistent.jar");
        assertThat(jar.exitCode()).isEqualTo(2);
        assertThat(jar.err()).contains("--jar /nonexistent.jar: no such file");

        Result notAJar = CliRun.run("check-config", "health-agent", example.toString(), "--jar",
                passwordFile.toString());
        assertThat(notAJar.exitCode()).isEqualTo(2);
        assertThat(notAJar.err()).contains("exited with 1 without a verdict on " + example);
    }
}
