package org.mysqldiscovery.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.role.testing.AgentFixture;
import org.mysqldiscovery.role.testing.FakeHealthAgent;
import org.mysqldiscovery.role.testing.FakeSync;
import org.mysqldiscovery.role.testing.Http;

/**
 * Drains against a real ZooKeeper, a stand-in health agent that obeys the lease, and stand-in syncs that publish
 * their appliedZxid in {@code sync/} status nodes as the real proxysql-sync does.
 */
class DrainIT {
    private static final String SELF = "127.0.0.1:3306";
    private static final SchemaName SCHEMA = SchemaName.of(AgentFixture.SCHEMA);
    private static final ZkLayout LAYOUT = ZkLayout.defaultLayout();
    private static final int BOUND_MILLIS = 1500;

    private static TestingServer zookeeper;

    @TempDir
    Path dir;
    private RoleAgent agent;
    private AgentFixture fixture;
    private Http http;
    private FakeHealthAgent healthAgent;
    private final List<FakeSync> syncs = new ArrayList<>();

    @BeforeAll
    static void zookeeper() throws Exception {
        zookeeper = new TestingServer();
    }

    @AfterAll
    static void stopZookeeper() throws Exception {
        zookeeper.close();
    }

    @BeforeEach
    void start() throws Exception {
        fixture = new AgentFixture(dir).instance(SELF).zookeeper(zookeeper.getConnectString()).role(Role.PRIMARY)
                .drainTimeoutMillis(BOUND_MILLIS);
        agent = fixture.start();
        http = AgentFixture.client(agent, "127.0.0.1");
        healthAgent = new FakeHealthAgent(zookeeper.getConnectString(), LAYOUT, fixture.roleDirectory(), SCHEMA,
                Instance.parse(SELF));
        await().atMost(Duration.ofSeconds(5)).until(healthAgent::registered);
    }

    @AfterEach
    void stop() throws Exception {
        for (FakeSync sync : syncs) {
            sync.close();
        }
        healthAgent.close();
        agent.close();
    }

    private FakeSync sync(String name, long applyDelayMillis) throws Exception {
        FakeSync sync = new FakeSync(zookeeper.getConnectString(), LAYOUT, SCHEMA, name, applyDelayMillis);
        syncs.add(sync);
        return sync;
    }

    private static String drain(int seconds) {
        return "{\"instance\":\"" + SELF + "\",\"reason\":\"switchover\",\"seconds\":" + seconds + "}";
    }

    private record Timed(Http.Answer answer, long millis) {
    }

    private Timed timedDrain(int seconds) {
        long started = System.nanoTime();
        Http.Answer answer = http.put("/v1/drain", drain(seconds));
        return new Timed(answer, (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void the_drain_answers_only_after_both_syncs_have_applied_a_view_without_this_primary() throws Exception {
        FakeSync fast = sync("127.0.0.1:6032", 0);
        FakeSync slow = sync("127.0.0.1:6033", 400);
        await().atMost(Duration.ofSeconds(5)).until(() -> fast.appliedZxid() >= 0 && slow.appliedZxid() >= 0);
        Timed drain = timedDrain(10);
        assertThat(drain.answer().status()).as(drain.answer().body()).isEqualTo(200);
        JsonNode body = drain.answer().json();
        long z = body.get("zxid").asLong();
        assertThat(body.get("drained").asBoolean()).isTrue();
        assertThat(body.get("syncCount").asInt()).isEqualTo(2);
        assertThat(body.get("syncs")).hasSize(2).allSatisfy(sync -> {
            assertThat(sync.get("state").asText()).isEqualTo("APPLIED");
            assertThat(sync.get("appliedZxid").asLong()).isGreaterThanOrEqualTo(z);
        });
        // Held by the slow sync: it applies 400 ms after it sees the change.
        assertThat(drain.millis()).isGreaterThanOrEqualTo(400);
        assertThat(fast.published().appliedZxid()).isGreaterThanOrEqualTo(z);
        assertThat(slow.published().appliedZxid()).isGreaterThanOrEqualTo(z);
        assertThat(healthAgent.registered()).isFalse();
        assertThat(new RoleDirectory(fixture.roleDirectory()).readDrainUntil()).hasValueSatisfying(
                until -> assertThat(until).isAfter(Instant.now().plusSeconds(8)));
    }

    @Test
    void with_one_sync_frozen_the_drain_answers_504_within_its_bound_and_the_lease_later_puts_the_primary_back()
            throws Exception {
        FakeSync live = sync("127.0.0.1:6032", 0);
        FakeSync frozen = sync("127.0.0.1:6033", 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> live.appliedZxid() >= 0 && frozen.appliedZxid() >= 0);
        frozen.freeze();
        Timed drain = timedDrain(3);
        assertThat(drain.answer().status()).as(drain.answer().body()).isEqualTo(504);
        assertThat(drain.millis()).isBetween((long) BOUND_MILLIS - 50, 10L * BOUND_MILLIS); // 10x its budget (busy CI)
        JsonNode body = drain.answer().json();
        assertThat(body.get("phase").asText()).isEqualTo("syncs");
        assertThat(body.get("error").asText()).contains("127.0.0.1:6033 behind", "expires by itself");
        assertThat(body.get("syncs").get(0).get("state").asText()).isEqualTo("APPLIED");
        assertThat(body.get("syncs").get(1).get("state").asText()).isEqualTo("BEHIND");
        assertThat(agent.metrics().drainTimeouts()).isEqualTo(1);
        // The lease (3 s) runs out with the role still primary: the health agent registers it again.
        assertThat(healthAgent.registered()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(healthAgent::registered);
    }

    @Test
    void a_blind_sync_holds_the_drain_even_when_its_zxid_is_recent() throws Exception {
        FakeSync blind = sync("127.0.0.1:6032", 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> blind.appliedZxid() >= 0);
        blind.blind(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> blind.published().blind());
        Timed drain = timedDrain(10);
        assertThat(drain.answer().status()).isEqualTo(504);
        assertThat(drain.answer().json().get("syncs").get(0).get("state").asText()).isEqualTo("BLIND");
        assertThat(drain.answer().json().get("syncs").get(0).get("appliedZxid").asLong())
                .isGreaterThanOrEqualTo(drain.answer().json().get("zxid").asLong());
    }

    @Test
    void without_any_sync_the_drain_is_confirmed_at_once_with_a_warning() {
        Timed drain = timedDrain(10);
        assertThat(drain.answer().status()).isEqualTo(200);
        assertThat(drain.answer().json().get("syncCount").asInt()).isZero();
        assertThat(drain.answer().json().get("warning").asText()).contains("no live proxysql-sync");
        assertThat(drain.millis()).isLessThan(10 * 1000); // 10x its budget (busy CI)
    }

    @Test
    void a_health_agent_that_never_deregisters_makes_the_drain_answer_504_in_the_registration_phase()
            throws Exception {
        healthAgent.ignoreDrain();
        sync("127.0.0.1:6032", 0);
        Timed drain = timedDrain(10);
        assertThat(drain.answer().status()).isEqualTo(504);
        assertThat(drain.answer().json().get("phase").asText()).isEqualTo("registration");
        assertThat(drain.answer().json().get("error").asText()).contains("health agent has not taken");
    }

    @Test
    void only_a_primary_of_this_instance_is_drained() throws Exception {
        Http.Answer other = http.put("/v1/drain", "{\"instance\":\"127.0.0.1:3307\",\"reason\":\"x\"}");
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.field()).isEqualTo("instance");
        http.put("/v1/role", "{\"role\":\"replica\",\"instance\":\"" + SELF + "\",\"reason\":\"x\"}");
        Http.Answer replica = http.put("/v1/drain", drain(10));
        assertThat(replica.status()).isEqualTo(409);
        assertThat(replica.error()).contains("this instance is replica");
        Http.Answer tooLong = http.put("/v1/drain", drain(61));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.field()).isEqualTo("seconds");
        assertThat(new RoleDirectory(fixture.roleDirectory()).readDrainUntil()).isEmpty();
    }

    @Test
    void a_drain_without_seconds_takes_the_default_lease() throws Exception {
        // Bracketed by the clock before and after the request: no bound on how long the request takes.
        Instant before = Instant.now();
        Http.Answer answer = http.put("/v1/drain", "{\"instance\":\"" + SELF + "\",\"reason\":\"x\"}");
        assertThat(answer.status()).isEqualTo(200);
        Instant until = new RoleDirectory(fixture.roleDirectory()).readDrainUntil().orElseThrow();
        assertThat(until).isBetween(before.plusSeconds(10).minusSeconds(1), Instant.now().plusSeconds(10));
    }

    @Test
    void a_demotion_ends_the_lease_and_delete_ends_it_early() throws Exception {
        assertThat(http.put("/v1/drain", drain(30)).status()).isEqualTo(200);
        Http.Answer undrain = http.delete("/v1/drain");
        assertThat(undrain.status()).isEqualTo(200);
        assertThat(undrain.json().get("changed").asBoolean()).isTrue();
        assertThat(http.delete("/v1/drain").json().get("changed").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(healthAgent::registered);

        assertThat(http.put("/v1/drain", drain(30)).status()).isEqualTo(200);
        Http.Answer demote = http.put("/v1/role", "{\"role\":\"replica\",\"instance\":\"" + SELF
                + "\",\"reason\":\"switchover done\"}");
        assertThat(demote.json().get("drainEnded").asBoolean()).isTrue();
        assertThat(new RoleDirectory(fixture.roleDirectory()).readDrainUntil()).isEmpty();
        assertThat(fixture.auditLog()).content().contains("/v1/drain", "switchover");
    }

    @Test
    void a_drain_ended_while_it_waits_answers_409() throws Exception {
        FakeSync frozen = sync("127.0.0.1:6032", 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> frozen.appliedZxid() >= 0);
        frozen.freeze();
        var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> http.put("/v1/drain", drain(30)));
        await().atMost(Duration.ofSeconds(5)).until(() -> !healthAgent.registered());
        assertThat(http.delete("/v1/drain").status()).isEqualTo(200);
        Http.Answer answer = pending.get();
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.error()).contains("lease ended while waiting");
    }
}
