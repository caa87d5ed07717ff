package org.mysqldiscovery.cli.status;

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
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.cli.CliConfig;
import org.mysqldiscovery.cli.precheck.MysqlCredentials;
import org.mysqldiscovery.cli.serve.PrecheckService;
import org.mysqldiscovery.cli.support.ZkFixture;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.http.AuthSettings;
import org.mysqldiscovery.common.http.BearerAuth;
import org.mysqldiscovery.common.http.HttpSettings;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.zk.ZkSettings;

/** The status page's server side against a real ZooKeeper (curator-test): data, auth, read-only, bad nodes. */
class StatusPageIT {
    private static final String TOKEN = "status-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private ZkFixture zk;
    private PrecheckService service;
    private FleetWatch watch;
    private String base;

    @BeforeEach
    void start() throws Exception {
        zk = new ZkFixture();
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        CliConfig config = new CliConfig(null, null, null, null, new CliConfig.Serve(HttpSettings.loopback(0),
                AuthSettings.withTokenFile(SecretFile.read(tokenFile)), null, null));
        service = new PrecheckService(config, new MysqlCredentials("nobody", "unused"));
        watch = new FleetWatch(ZkSettings.unauthenticated(zk.connectString(), "/mysql-discovery"), Optional.empty(), 100,
                Clock.systemUTC());
        service.add(new StatusPage(watch, new BrowserAuth(BearerAuth.token(TOKEN)), service.metrics())::routes, watch);
        watch.start();
        service.start();
        base = "http://127.0.0.1:" + service.port();
    }

    @AfterEach
    void stop() throws Exception {
        service.close();
        service.close();
        zk.close();
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode status() throws Exception {
        HttpResponse<String> answer = get("/v1/status", "Bearer " + TOKEN);
        assertThat(answer.statusCode()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("op:" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_data_shows_a_double_primary_first_and_red_and_the_timeline_tells_it() throws Exception {
        zk.register("orders", Role.PRIMARY, "10.0.0.1:3306");
        zk.register("orders", Role.REPLICA, "10.0.0.2:3306");
        zk.register("users", Role.PRIMARY, "10.0.1.1:3306");
        zk.sync("127.0.0.1:6032", zk.currentZxid(), false, "apply", Map.of());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> status().path("fleet").size() == 2);
        zk.register("orders", Role.PRIMARY, "10.0.0.2:3306");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> status().path("fleet").path(0).path("state").asText().equals("double-primary"));
        JsonNode doc = status();
        assertThat(doc.path("fleet").path(0).path("schema").asText()).isEqualTo("orders");
        assertThat(doc.path("fleet").path(0).path("primaries")).hasSize(2);
        assertThat(doc.path("stale").asBoolean()).isFalse();
        assertThat(doc.path("status").path("schemas")).hasSize(2);
        assertThat(doc.path("events").toString()).contains("10.0.0.2:3306 registered as primary of orders",
                "→ double-primary");
        assertThat(doc.path("syncs").path(0).path("lagZxid").asLong()).isPositive();
    }

    @Test
    void a_quarantine_comes_with_its_reason_and_clear_command_and_hostile_nodes_are_problems_not_failures()
            throws Exception {
        zk.quarantine("10.0.0.3:3306", "<script>alert(1)</script> disk");
        zk.raw("/mysql-discovery/mysql/orders/primary/10.0.0.9:3306", "{not json" + "x".repeat(10_000));
        zk.raw("/mysql-discovery/sync/not-an-instance", "\u0000\u0001");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> status().path("status").path("quarantines").size() == 1);
        JsonNode doc = status();
        assertThat(doc.path("status").path("quarantines").path(0).path("reason").asText())
                .isEqualTo("<script>alert(1)</script> disk");
        assertThat(doc.path("clearCommands").path("10.0.0.3:3306").asText())
                .isEqualTo("mysql-discovery quarantine clear '10.0.0.3:3306' --reason 'WHY IT MAY RETURN'");
        assertThat(doc.path("status").path("problems").size()).isGreaterThanOrEqualTo(2);
        assertThat(doc.path("stale").asBoolean()).isFalse();
    }

    @Test
    void a_syncs_open_pages_and_settle_window_reach_the_page_and_garbage_ones_make_that_sync_malformed_not_the_page_stale()
            throws Exception {
        zk.register("orders", Role.PRIMARY, "10.0.0.1:3306");
        String root = "/mysql-discovery/sync/";
        zk.raw(root + "127.0.0.1:6032", "{\"proxysql\":\"127.0.0.1:6032\",\"appliedZxid\":1,\"blind\":false,"
                + "\"guards\":{\"orders\":\"double-primary\"},\"settlingUntil\":\"2026-12-07T08:00:12Z\","
                + "\"settleHeldRows\":2,\"paged\":{\"orders\":\"double-primary\",\"<b>x</b>\":\"mass-removal\"}}");
        zk.raw(root + "127.0.0.1:6033", "{\"proxysql\":\"127.0.0.1:6033\",\"appliedZxid\":1,"
                + "\"paged\":{\"orders\":\"a\\u0000b\"}}");
        zk.raw(root + "127.0.0.1:6034", "{\"proxysql\":\"127.0.0.1:6034\",\"appliedZxid\":1,\"settleHeldRows\":-5}");
        zk.raw(root + "127.0.0.1:6035", "{\"proxysql\":\"127.0.0.1:6035\",\"appliedZxid\":1,\"paged\":{\"x\":\""
                + "y".repeat(70_000) + "\"}}");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> status().path("status").path("syncs").size() == 4);
        JsonNode doc = status();
        assertThat(doc.path("stale").asBoolean()).isFalse();
        JsonNode good = doc.path("status").path("syncs").path(0);
        assertThat(good.path("settlingUntil").asText()).isEqualTo("2026-12-07T08:00:12Z");
        assertThat(good.path("settleHeldRows").asInt()).isEqualTo(2);
        assertThat(good.path("paged").path("<b>x</b>").asText()).isEqualTo("mass-removal");
        for (int i = 1; i <= 3; i++) {
            assertThat(doc.path("status").path("syncs").path(i).path("problem").asText()).as("sync %d", i)
                    .isNotBlank();
            assertThat(doc.path("status").path("syncs").path(i).path("converged").asBoolean()).isFalse();
        }
        zk.raw(root + "127.0.0.1:6032", "{\"proxysql\":\"127.0.0.1:6032\",\"appliedZxid\":1}");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> status().path("events").toString()
                .contains("sync 127.0.0.1:6032 resolved its double-primary page on orders"));
        assertThat(status().path("events").toString()).contains("closed its settle window");
    }

    @Test
    void without_the_token_everything_but_health_answers_401_and_only_get_is_allowed() throws Exception {
        for (String path : List.of("/status/", "/status/status.js", "/status/status.css", "/v1/status")) {
            HttpResponse<String> answer = get(path, null);
            assertThat(answer.statusCode()).as(path).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=");
            assertThat(get(path, basic("nope-nope-nope-nope")).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, basic(TOKEN)).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(get("/status/../../etc/passwd", basic(TOKEN)).statusCode()).isIn(400, 404);
        assertThat(get("/status/nothing.js", basic(TOKEN)).statusCode()).isEqualTo(404);
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/status"))
                    .method(method, HttpRequest.BodyPublishers.ofString("x")).header("Authorization", basic(TOKEN))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(method).isEqualTo(405);
        }
        HttpResponse<String> page = get("/status/", basic(TOKEN));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(StatusPage.CSP);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).contains("status.js").doesNotContain("onclick=", "<script>");
        assertThat(get("/metrics", null).body()).contains("serve_status_unauthorized");
    }

    @Test
    void when_zookeeper_goes_the_page_keeps_the_last_view_marked_stale_and_recovers_by_itself() throws Exception {
        zk.register("orders", Role.PRIMARY, "10.0.0.1:3306");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> status().path("fleet").size() == 1);
        zk.server().stop();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status().path("stale").asBoolean());
        JsonNode stale = status();
        assertThat(stale.path("error").asText()).isNotBlank();
        assertThat(stale.path("fleet")).hasSize(1);
        zk.server().restart();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !status().path("stale").asBoolean());
        assertThat(status().path("events").toString()).contains("cannot read ZooKeeper", "ZooKeeper readable again");
    }
}
