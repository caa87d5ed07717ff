package org.mysqldiscovery.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.cli.CliConfig;
import org.mysqldiscovery.cli.precheck.MysqlCredentials;
import org.mysqldiscovery.cli.support.CliRun;
import org.mysqldiscovery.cli.support.SharedSandbox;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.hooks.HookLines;
import org.mysqldiscovery.common.http.AuthSettings;
import org.mysqldiscovery.common.http.HttpSettings;
import org.mysqldiscovery.sandbox.Sandbox;
import org.mysqldiscovery.sandbox.mysql.MariaDbCluster;
import org.mysqldiscovery.sandbox.mysql.MariaDbServer;

/**
 * {@code serve} on real MariaDB: the service's verdicts are the {@code precheck} command's, its probes reuse warm
 * connections, and the shipped PreFailoverProcesses line asks it with curl (falling back to the command when it is
 * down).
 */
@ExtendWith(SharedSandbox.class)
class ServeMariaDbIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "serve-test-token-0123456789";

    @TempDir
    Path dir;
    Sandbox sandbox;
    MariaDbCluster cluster;
    PrecheckService service;
    Path tokenFile;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start(Sandbox shared) throws Exception {
        sandbox = shared;
        cluster = sandbox.cluster(SharedSandbox.SCHEMA);
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        CliConfig config = new CliConfig(null, new CliConfig.Mysql(sandbox.agentCredentials().user(),
                SecretFile.read(sandbox.agentCredentials().passwordFile()), 1000), null, null,
                new CliConfig.Serve(HttpSettings.loopback(0), AuthSettings.withTokenFile(SecretFile.read(tokenFile)),
                        null, null));
        service = new PrecheckService(config, new MysqlCredentials(sandbox.agentCredentials().user(),
                sandbox.agentCredentials().password()));
        service.start();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    String failed() {
        return cluster.primary().instance();
    }

    String replicas() {
        return String.join(",", cluster.replicas().stream().map(MariaDbServer::instance).toList());
    }

    HttpResponse<String> post(String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                + PrecheckService.PATH)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_service_gives_the_precheck_commands_verdict_and_reuses_its_connections() throws Exception {
        HttpResponse<String> first = post("cluster=orders\nfailed=" + failed() + "\nreplicas=" + replicas() + "\n",
                TOKEN);
        CliRun.Result command = CliRun.run("precheck", "--cluster", "orders", "--failed", failed(), "--replicas",
                replicas(), "--mysql-user", sandbox.agentCredentials().user(), "--mysql-password-file",
                sandbox.agentCredentials().passwordFile().toString(), "--json");

        JsonNode served = JSON.readTree(first.body());
        JsonNode printed = JSON.readTree(command.out());
        assertThat(served.get("verdict")).isEqualTo(printed.get("verdict"));
        assertThat(served.get("summary").asText()).isEqualTo(printed.get("summary").asText());
        assertThat(first.statusCode()).isEqualTo(command.exitCode() == 0 ? 200 : 409);

        HttpResponse<String> second = post("cluster=orders\nfailed=" + failed() + "\nreplicas=" + replicas() + "\n",
                TOKEN);
        assertThat(second.statusCode()).isEqualTo(first.statusCode());
        assertThat(service.reusedConnections()).as("warm connections reused by the second precheck").isPositive();
        int kept = service.idleConnections();
        service.keepConnectionsWarm();
        assertThat(service.idleConnections()).as("live connections stay warm").isEqualTo(kept);
    }

    @Test
    void kept_connections_killed_by_the_servers_are_replaced_and_the_verdict_does_not_change() throws Exception {
        String body = "cluster=orders\nfailed=" + failed() + "\nreplicas=" + replicas() + "\n";
        int first = post(body, TOKEN).statusCode();
        // Every server ends the service's idle connections (a restart, wait_timeout, a failover elsewhere).
        for (MariaDbServer server : cluster.servers()) {
            if (!server.isRunning()) {
                continue;
            }
            try (java.sql.Connection root = server.connect(); java.sql.Statement statement = root.createStatement();
                 java.sql.ResultSet ids = statement.executeQuery("SELECT ID FROM information_schema.PROCESSLIST"
                         + " WHERE USER = '" + sandbox.agentCredentials().user() + "'")) {
                List<Long> killed = new ArrayList<>();
                while (ids.next()) {
                    killed.add(ids.getLong(1));
                }
                for (long id : killed) {
                    try (java.sql.Statement kill = root.createStatement()) {
                        kill.execute("KILL CONNECTION " + id);
                    } catch (java.sql.SQLException gone) {
                        // Already gone: what this test wants anyway.
                        continue;
                    }
                }
            }
        }
        int keptBefore = service.idleConnections();
        service.keepConnectionsWarm();
        assertThat(service.idleConnections()).as("killed connections dropped by the keep-alive")
                .isLessThan(Math.max(1, keptBefore));
        HttpResponse<String> again = post(body, TOKEN);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(first);
        assertThat(again.body()).doesNotContain("stopped answering");
    }

    @Test
    void without_the_token_nothing_is_checked() throws Exception {
        assertThat(post("cluster=orders\nfailed=" + failed() + "\nreplicas=\n", null).statusCode()).isEqualTo(401);
        assertThat(post("cluster=orders\nfailed=" + failed() + "\nreplicas=\n", "wrong-token-0123456789")
                .statusCode()).isEqualTo(401);
    }

    @Test
    void garbage_is_answered_400_and_an_empty_replica_list_fails_the_precheck_on_purpose() throws Exception {
        HttpResponse<String> garbage = post("cluster=a\nfailed=$(id)\nreplicas=\n", TOKEN);
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).contains("failed:");

        HttpResponse<String> empty = post("cluster=orders\nfailed=" + failed() + "\nreplicas=\n", TOKEN);
        assertThat(empty.statusCode()).isEqualTo(409);
        assertThat(empty.body()).contains("{replicaHosts} was empty");
    }

    @Test
    void the_shipped_hook_line_asks_the_service_and_falls_back_to_the_command_when_it_is_down() throws Exception {
        // A stand-in mysql-discovery on PATH: records how the fallback calls it.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path stub = bin.resolve("mysql-discovery");
        Files.writeString(stub, "#!/bin/bash\nprintf '%s\\n' \"$@\" > \"" + dir.resolve("fallback.args") + "\"\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        String line = HookLines.bundled().render(new HookLines.DeployTokens(9798, tokenFile.toString(), "http", "",
                "/etc/mysql-discovery/cli.yaml", "http://127.0.0.1:" + service.port()))
                .lines(HookLines.PRE_FAILOVER).get(0);
        String[] hostPort = failed().split(":");
        String pasted = HookLines.paste(line, Map.of("failureClusterAlias", "my orders", "failedHost", hostPort[0],
                "failedPort", hostPort[1], "replicaHosts", replicas()));

        // {successorHost}:{successorPort} stay literal (Orchestrator does not fill them before the promotion): read
        // as "successor not known", not as bad input (which would be 400, exit 2).
        int served = bash(pasted, bin);
        assertThat(served).isIn(0, 1);
        assertThat(dir.resolve("fallback.args")).doesNotExist();

        service.close();
        int fallback = bash(pasted, bin);
        assertThat(fallback).isZero();
        assertThat(Files.readAllLines(dir.resolve("fallback.args"))).containsExactly("precheck", "--cluster",
                "my orders", "--failed", failed(), "--replicas", replicas(), "--successor",
                "{successorHost}:{successorPort}", "--config", "/etc/mysql-discovery/cli.yaml");
    }

    private int bash(String script, Path bin) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        process.getOutputStream().close();
        List<String> output = new ArrayList<>(new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).lines().toList());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output.toString()).isTrue();
        System.out.println("[ServeMariaDbIT] hook line exit " + process.exitValue() + ": " + output);
        return process.exitValue();
    }
}
