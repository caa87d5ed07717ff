package org.mysqldiscovery.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.role.testing.AgentFixture;
import org.mysqldiscovery.role.testing.Http;
import org.mysqldiscovery.role.testing.PagerReceiver;
import org.mysqldiscovery.role.testing.Ports;

/** The API against a live in-process agent with a real ZooKeeper: every answer code and every hostile body. */
class RoleApiIT {
    private static final String SELF = "127.0.0.1:3306";
    private static final String OLD_PRIMARY = "127.0.0.9:3306";
    private static final ZkLayout LAYOUT = ZkLayout.defaultLayout();

    private static TestingServer zookeeper;
    private static CuratorFramework zk;
    private static PagerReceiver pager;

    @TempDir
    Path dir;
    private RoleAgent agent;
    private AgentFixture fixture;
    private Http http;

    @BeforeAll
    static void servers() throws Exception {
        zookeeper = new TestingServer();
        zk = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new RetryOneTime(100));
        zk.start();
        zk.blockUntilConnected();
        pager = new PagerReceiver();
    }

    @AfterAll
    static void stopServers() throws Exception {
        pager.close();
        zk.close();
        zookeeper.close();
    }

    @BeforeEach
    void startAgent() throws Exception {
        if (zk.checkExists().forPath(LAYOUT.quarantinePath(Instance.parse(OLD_PRIMARY))) != null) {
            zk.delete().forPath(LAYOUT.quarantinePath(Instance.parse(OLD_PRIMARY)));
        }
        pager.clear();
        fixture = new AgentFixture(dir).instance(SELF).zookeeper(zookeeper.getConnectString()).pager(pager.url());
        agent = fixture.start();
        http = AgentFixture.client(agent, "127.0.0.1");
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    private Role role() throws Exception {
        return new RoleDirectory(fixture.roleDirectory()).readRole();
    }

    private static String body(String role, String instance) {
        return "{\"role\":\"" + role + "\",\"instance\":\"" + instance + "\",\"reason\":\"test\"}";
    }

    private List<JsonNode> audit() throws Exception {
        return Files.readAllLines(fixture.auditLog()).stream().map(line -> {
            try {
                return PayloadCodec.mapper().readTree(line);
            } catch (Exception e) {
                throw new AssertionError("audit line is not JSON: " + line, e);
            }
        }).toList();
    }

    /** The role file's bytes, inode and mtime: a refused request must leave all three as they were. */
    private record FileState(byte[] bytes, Object inode, Instant mtime) {
        static FileState of(Path file) throws Exception {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileState(Files.readAllBytes(file), attributes.fileKey(),
                    attributes.lastModifiedTime().toInstant());
        }

        void assertSame(FileState other) {
            assertThat(other.bytes).isEqualTo(bytes);
            assertThat(other.inode).isEqualTo(inode);
            assertThat(other.mtime).isEqualTo(mtime);
        }
    }

    @Test
    void get_role_answers_200_with_instance_schema_role_and_change_time() {
        Http.Answer answer = http.get("/v1/role");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("instance").asText()).isEqualTo(SELF);
        assertThat(answer.json().get("schema").asText()).isEqualTo("orders");
        assertThat(answer.json().get("role").asText()).isEqualTo("replica");
        assertThat(Instant.parse(answer.json().get("changedAt").asText())).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void a_role_change_answers_200_changed_and_flips_the_file() throws Exception {
        Http.Answer answer = http.put("/v1/role", body("primary", SELF));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("changed").asBoolean()).isTrue();
        assertThat(answer.json().get("previousRole").asText()).isEqualTo("replica");
        assertThat(role()).isEqualTo(Role.PRIMARY);
        assertThat(Files.readString(fixture.roleDirectory().resolve("role"))).isEqualTo("primary\n");
        assertThat(audit()).anySatisfy(line -> {
            assertThat(line.get("status").asInt()).isEqualTo(200);
            assertThat(line.get("caller").asText()).isEqualTo("127.0.0.1");
            assertThat(line.get("request").get("role").asText()).isEqualTo("primary");
            assertThat(line.get("result").get("changed").asBoolean()).isTrue();
        });
    }

    @Test
    void a_repeat_answers_200_unchanged_without_touching_the_file() throws Exception {
        assertThat(http.put("/v1/role", body("primary", SELF)).status()).isEqualTo(200);
        FileState before = FileState.of(fixture.roleDirectory().resolve("role"));
        Http.Answer repeat = http.put("/v1/role", body("primary", SELF));
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.json().get("changed").asBoolean()).isFalse();
        before.assertSame(FileState.of(fixture.roleDirectory().resolve("role")));
    }

    @Test
    void a_compare_and_set_that_matches_changes_and_one_that_does_not_answers_409() throws Exception {
        Http.Answer mismatch = http.put("/v1/role", "{\"role\":\"primary\",\"instance\":\"" + SELF
                + "\",\"reason\":\"t\",\"expectedRole\":\"reporting-replica\"}");
        assertThat(mismatch.status()).isEqualTo(409);
        assertThat(mismatch.field()).isEqualTo("expectedRole");
        assertThat(mismatch.error()).contains("current role is replica");
        assertThat(role()).isEqualTo(Role.REPLICA);
        Http.Answer match = http.put("/v1/role", "{\"role\":\"primary\",\"instance\":\"" + SELF
                + "\",\"reason\":\"t\",\"expectedRole\":\"replica\"}");
        assertThat(match.status()).isEqualTo(200);
        assertThat(role()).isEqualTo(Role.PRIMARY);
    }

    @Test
    void a_request_for_another_instance_answers_409_and_changes_nothing() throws Exception {
        FileState before = FileState.of(fixture.roleDirectory().resolve("role"));
        Http.Answer answer = http.put("/v1/role", body("primary", "127.0.0.1:3307"));
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.field()).isEqualTo("instance");
        assertThat(answer.error()).contains("127.0.0.1:3307", SELF);
        before.assertSame(FileState.of(fixture.roleDirectory().resolve("role")));
        assertThat(audit()).anySatisfy(line -> assertThat(line.get("status").asInt()).isEqualTo(409));
    }

    @Test
    void a_missing_or_wrong_token_answers_401_and_the_token_never_reaches_the_audit_log() throws Exception {
        FileState before = FileState.of(fixture.roleDirectory().resolve("role"));
        byte[] promote = body("primary", SELF).getBytes(StandardCharsets.UTF_8);
        Http.Answer missing = http.put("/v1/role", promote, "application/json", null);
        Http.Answer wrong = http.put("/v1/role", promote, "application/json", "not-the-token-0123456789");
        Http.Answer read = new Http("http://127.0.0.1:" + agent.port(), null).get("/v1/role");
        assertThat(List.of(missing.status(), wrong.status(), read.status())).containsOnly(401);
        assertThat(missing.response().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(wrong.error()).isEqualTo("wrong bearer token");
        before.assertSame(FileState.of(fixture.roleDirectory().resolve("role")));
        http.put("/v1/role", body("primary", SELF));
        String auditText = Files.readString(fixture.auditLog());
        assertThat(auditText).doesNotContain(AgentFixture.TOKEN).doesNotContain("not-the-token");
        assertThat(audit()).filteredOn(line -> line.get("status").asInt() == 401).hasSize(3);
    }

    @Test
    void a_body_over_16_KiB_answers_413_with_or_without_a_content_length() throws Exception {
        FileState before = FileState.of(fixture.roleDirectory().resolve("role"));
        byte[] huge = ("{\"role\":\"primary\",\"instance\":\"" + SELF + "\",\"reason\":\"" + "x".repeat(17_000)
                + "\"}").getBytes(StandardCharsets.UTF_8);
        Http.Answer declared = http.put("/v1/role", huge, "application/json", AgentFixture.TOKEN);
        Http.Answer chunked = http.putChunked("/v1/role", huge);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.error()).contains("exceeds 16384");
        before.assertSame(FileState.of(fixture.roleDirectory().resolve("role")));
    }

    @Test
    void a_body_that_is_not_json_answers_415() throws Exception {
        FileState before = FileState.of(fixture.roleDirectory().resolve("role"));
        byte[] promote = body("primary", SELF).getBytes(StandardCharsets.UTF_8);
        Http.Answer text = http.put("/v1/role", promote, "text/plain", AgentFixture.TOKEN);
        Http.Answer none = http.put("/v1/role", promote, null, AgentFixture.TOKEN);
        Http.Answer form = http.put("/v1/drain", promote, "application/x-www-form-urlencoded", AgentFixture.TOKEN);
        assertThat(List.of(text.status(), none.status(), form.status())).containsOnly(415);
        assertThat(text.error()).contains("text/plain");
        before.assertSame(FileState.of(fixture.roleDirectory().resolve("role")));
    }

    static Stream<Arguments> hostile_bodies() {
        String ok = "\"instance\":\"" + SELF + "\",\"reason\":\"r\"";
        byte[] garbage = new byte[512];
        new java.util.Random(7).nextBytes(garbage);
        byte[] deep = ("{\"role\":" + "[".repeat(8_000) + "]".repeat(8_000) + "," + ok + "}")
                .getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("path traversal role", utf8("{\"role\":\"../../etc\"," + ok + "}"), "role"),
                Arguments.of("Cyrillic look-alike of primary", utf8("{\"role\":\"\u0440rimary\"," + ok + "}"), "role"),
                Arguments.of("Greek omicron look-alike", utf8("{\"role\":\"replica\",\"expectedRole\":\"pr\u03bfmary\","
                        + ok + "}"), "expectedRole"),
                Arguments.of("nested object as role", utf8("{\"role\":{\"token\":\"primary\"}," + ok + "}"), "role"),
                Arguments.of("array as instance", utf8("{\"role\":\"primary\",\"instance\":[\"" + SELF
                        + "\"],\"reason\":\"r\"}"), "instance"),
                Arguments.of("number as role", utf8("{\"role\":7," + ok + "}"), "role"),
                Arguments.of("boolean as reason", utf8("{\"role\":\"primary\",\"instance\":\"" + SELF
                        + "\",\"reason\":true}"), "reason"),
                Arguments.of("duplicate role key", utf8("{\"role\":\"replica\",\"role\":\"primary\"," + ok + "}"),
                        "role"),
                Arguments.of("unknown key", utf8("{\"role\":\"primary\",\"superseeds\":\"x:1\"," + ok + "}"),
                        "\"superseeds\""),
                Arguments.of("over-long reason", utf8("{\"role\":\"primary\",\"instance\":\"" + SELF
                        + "\",\"reason\":\"" + "y".repeat(3000) + "\"}"), "reason"),
                Arguments.of("over-long string", utf8("{\"role\":\"" + "p".repeat(9000) + "\"," + ok + "}"), "body"),
                Arguments.of("eight thousand nested arrays", deep, "role"),
                Arguments.of("random bytes", garbage, "body"),
                Arguments.of("empty body", new byte[0], "body"),
                Arguments.of("JSON null", utf8("null"), "body"),
                Arguments.of("supersedes on a demotion", utf8("{\"role\":\"replica\",\"supersedes\":\"" + OLD_PRIMARY
                        + "\"," + ok + "}"), "supersedes"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void hostile_bodies(String name, byte[] body, String field) throws Exception {
        Path roleFile = fixture.roleDirectory().resolve("role");
        FileState before = FileState.of(roleFile);
        Http.Answer answer = http.put("/v1/role", body, "application/json", AgentFixture.TOKEN);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.field()).isEqualTo(field);
        assertThat(answer.error()).startsWith(field + ": ");
        before.assertSame(FileState.of(roleFile));
        assertThat(Arrays.asList(Files.list(fixture.roleDirectory()).map(p -> p.getFileName().toString())
                .toArray(String[]::new))).containsExactlyInAnyOrder("role", "schema");
        assertThat(audit()).last().satisfies(line -> {
            assertThat(line.get("status").asInt()).isEqualTo(400);
            assertThat(line.get("request").get("bodyBytes").asInt()).isEqualTo(body.length);
        });
    }

    @Test
    void a_garbage_role_file_answers_503_on_read_refuses_compare_and_set_and_is_repaired_by_a_plain_put()
            throws Exception {
        Path roleFile = fixture.roleDirectory().resolve("role");
        Files.writeString(roleFile, "\u0440rimary\n");
        Http.Answer read = http.get("/v1/role");
        assertThat(read.status()).isEqualTo(503);
        assertThat(read.error()).contains("role file unreadable");
        Http.Answer cas = http.put("/v1/role", "{\"role\":\"replica\",\"instance\":\"" + SELF
                + "\",\"reason\":\"t\",\"expectedRole\":\"primary\"}");
        assertThat(cas.status()).isEqualTo(409);
        assertThat(cas.error()).contains("current role is unknown");
        Http.Answer repair = http.put("/v1/role", body("replica", SELF));
        assertThat(repair.status()).isEqualTo(200);
        assertThat(repair.json().get("previousRole").isNull()).isTrue();
        assertThat(role()).isEqualTo(Role.REPLICA);
    }

    @Test
    void a_role_file_that_cannot_be_written_answers_500_with_the_reason() throws Exception {
        Path roleFile = fixture.roleDirectory().resolve("role");
        Files.delete(roleFile);
        Files.createDirectory(roleFile); // a rename cannot replace a directory
        Http.Answer answer = http.put("/v1/role", body("primary", SELF));
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.error()).contains("role file not written");
        assertThat(roleFile).isDirectory();
        assertThat(audit()).last().satisfies(line -> assertThat(line.get("status").asInt()).isEqualTo(500));
    }

    @Test
    void a_temp_file_left_by_a_killed_write_is_removed_at_start() throws Exception {
        agent.close();
        Path stray = fixture.roleDirectory().resolve(".role-123456.tmp");
        Files.writeString(stray, "prim");
        Path other = fixture.roleDirectory().resolve("notes.tmp");
        Files.writeString(other, "kept");
        agent = fixture.start();
        assertThat(stray).doesNotExist();
        assertThat(other).exists();
    }

    @Test
    void unknown_paths_and_methods_answer_json_errors() {
        Http.Answer unknown = http.get("/v1/nothing");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).contains("no such endpoint");
        Http.Answer post = http.method("POST", "/v1/role");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.error()).contains("not allowed");
    }

    @Test
    void health_and_metrics_answer_without_a_token() {
        Http anonymous = new Http("http://127.0.0.1:" + agent.port(), null);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(anonymous.get("/health").status())
                .isEqualTo(200));
        assertThat(anonymous.get("/health").json().get("role").asText()).isEqualTo("replica");
        http.put("/v1/role", body("primary", SELF));
        Http.Answer metrics = anonymous.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("mysql_discovery_role_http_request_duration_seconds_bucket{endpoint=\"put_role\"",
                "mysql_discovery_role_changes_total", "mysql_discovery_role_http_responses_total{code=\"401\",endpoint=\"put_role\"}",
                "mysql_discovery_build_info{program=\"role-agent\"",
                "mysql_discovery_zookeeper_unauthenticated 1"); // this fixture runs with the explicit opt-out
    }

    @Test
    void a_promotion_with_supersedes_quarantines_the_old_primary() throws Exception {
        Http.Answer answer = http.put("/v1/role", "{\"role\":\"primary\",\"instance\":\"" + SELF
                + "\",\"reason\":\"failover\",\"supersedes\":\"" + OLD_PRIMARY + "\",\"recoveryUid\":\"42:abc\"}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("quarantine").get("status").asText()).isEqualTo("written");
        String path = LAYOUT.quarantinePath(Instance.parse(OLD_PRIMARY));
        QuarantineRecord record = PayloadCodec.decodeQuarantine(zk.getData().forPath(path), path);
        assertThat(record.createdBy()).isEqualTo(SELF + "/role-agent");
        assertThat(record.recoveryUid()).isEqualTo("42:abc");
        assertThat(record.reason()).contains("failover", SELF);
        // The failover notice's key, for `quarantine clear` to resolve it.
        assertThat(record.noticeKey()).isEqualTo("mysql-discovery/failover/" + OLD_PRIMARY + "/42:abc");
        // That the write comes before the flip is shown by RoleServiceTest and by the unreachable-ZooKeeper case.
        assertThat(role()).isEqualTo(Role.PRIMARY);
    }

    @Test
    void an_existing_quarantine_is_kept_as_it_was() throws Exception {
        String path = LAYOUT.quarantinePath(Instance.parse(OLD_PRIMARY));
        QuarantineRecord original = new QuarantineRecord("operator", "ops", Instant.parse("2024-01-01T00:00:00Z"),
                null);
        zk.create().creatingParentsIfNeeded().forPath(path, PayloadCodec.encode(original));
        Http.Answer answer = http.put("/v1/role", "{\"role\":\"primary\",\"instance\":\"" + SELF
                + "\",\"reason\":\"failover\",\"supersedes\":\"" + OLD_PRIMARY + "\"}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("quarantine").get("status").asText()).isEqualTo("already-present");
        assertThat(PayloadCodec.decodeQuarantine(zk.getData().forPath(path), path)).isEqualTo(original);
    }

    @Test
    void the_failover_notice_reaches_the_pager_once_per_promotion() throws Exception {
        String promote = "{\"role\":\"primary\",\"instance\":\"" + SELF + "\",\"reason\":\"failover\","
                + "\"supersedes\":\"" + OLD_PRIMARY + "\",\"recoveryUid\":\"1:a\"}";
        assertThat(http.put("/v1/role", promote).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> pager.pages().size() == 1);
        JsonNode page = pager.pages().get(0);
        assertThat(page.get("severity").asText()).isEqualTo("info");
        assertThat(page.get("summary").asText()).contains(SELF + " promoted", OLD_PRIMARY + " is quarantined",
                "quarantine clear " + OLD_PRIMARY);
        assertThat(page.get("details").get("recoveryUid").asText()).isEqualTo("1:a");
        // An idempotent repeat (curl --retry, a second hook run) sends nothing.
        assertThat(http.put("/v1/role", promote).json().get("changed").asBoolean()).isFalse();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> pager.pages().size() == 1);
        // A promotion without supersedes (planned switchover) sends nothing either.
        http.put("/v1/role", body("replica", SELF));
        http.put("/v1/role", body("primary", SELF));
        // The next unplanned promotion is a new notice.
        http.put("/v1/role", body("replica", SELF));
        assertThat(http.put("/v1/role", promote.replace("1:a", "2:b")).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> pager.pages().size() == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> pager.pages().size() == 2);
        assertThat(pager.pages().get(1).get("dedupKey").asText()).endsWith("2:b");
    }

    @Test
    void a_promotion_flips_within_the_bound_when_zookeeper_is_unreachable_and_says_the_quarantine_failed()
            throws Exception {
        agent.close();
        int nothing = Ports.freeOnAll("127.0.0.1");
        AgentFixture offline = new AgentFixture(dir.resolve("offline")).instance(SELF)
                .zookeeper("127.0.0.1:" + nothing).quarantineTimeoutMillis(1000);
        agent = offline.start();
        http = AgentFixture.client(agent, "127.0.0.1");
        long started = System.nanoTime();
        Http.Answer answer = http.put("/v1/role", "{\"role\":\"primary\",\"instance\":\"" + SELF
                + "\",\"reason\":\"failover\",\"supersedes\":\"" + OLD_PRIMARY + "\"}");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("changed").asBoolean()).isTrue();
        assertThat(answer.json().get("quarantine").get("status").asText()).isEqualTo("failed");
        assertThat(answer.json().get("quarantine").get("detail").asText()).contains("did not confirm",
                "within 1000 ms");
        assertThat(new RoleDirectory(offline.roleDirectory()).readRole()).isEqualTo(Role.PRIMARY);
        assertThat(millis).isBetween(900L, 10 * 1000L); // 10x its budget (busy CI)
        assertThat(agent.metrics().quarantineFailures()).isEqualTo(1);
    }
}
