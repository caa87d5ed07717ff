package org.mysqldiscovery.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.page.PagerSettings;
import org.mysqldiscovery.sync.config.GuardSettings;
import org.mysqldiscovery.sync.harness.PagerReceiver;
import org.mysqldiscovery.sync.harness.SyncConfigBuilder;
import org.mysqldiscovery.sync.harness.SyncFixture;

/**
 * A sync restarted during a double primary still resolves its page: real ZooKeeper, the admin stand-in (or a real
 * ProxySQL), a local receiver of the PagerDuty Events v2 shape, the open pages file.
 */
class OpenPagesRestartIT {
    static final long GRACE_MILLIS = 500;

    @TempDir
    Path dir;
    SyncFixture fx;
    PagerReceiver pagerDuty;
    PagerSettings pager;
    Path openPages;
    String dedupKey;

    @BeforeEach
    void start() throws Exception {
        fx = SyncFixture.create(dir, "OpenPagesRestartIT");
        pagerDuty = new PagerReceiver();
        Path key = dir.resolve("routing-key");
        Files.writeString(key, "test-routing-key\n");
        pager = new PagerSettings("pagerduty", pagerDuty.url(), SecretFile.read(key), 2_000, 3, 100);
        openPages = dir.resolve("state").resolve("open-pages.json");
        startSync();
        dedupKey = "mysql-discovery/double-primary/orders@" + fx.admin.host() + ":" + fx.admin.port();
        fx.agents.register("orders", Role.PRIMARY, "db1:3306");
        fx.agents.register("orders", Role.REPLICA, "db2:3306");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> fx.admin.routed(9010, 9011).size() == 2);
        // The double primary, paged after its grace.
        fx.agents.register("orders", Role.PRIMARY, "db2:3307");
        await().atMost(Duration.ofSeconds(20)).until(() -> !pagerDuty.events("trigger", "double-primary").isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(openPages)
                && Files.readString(openPages).contains(dedupKey));
    }

    private void startSync() throws Exception {
        fx.startSync(c -> c.pager(pager).openPagesFile(openPages).guards(new GuardSettings(GRACE_MILLIS, 0.5, null,
                null, null, SyncConfigBuilder.TEST_SETTLE_MILLIS)));
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
        pagerDuty.close();
    }

    @Test
    void a_sync_restarted_during_a_double_primary_resolves_its_page_when_the_double_primary_clears() throws Exception {
        fx.sync.close();
        startSync();
        // Still a double primary after the restart: the same incident, not a second trigger.
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.sync.reconciler().report().guards().stream()
                .anyMatch(g -> g.kind().equals("double-primary")));
        assertThat(pagerDuty.events("trigger", "double-primary")).hasSize(1);
        assertThat(pagerDuty.events("resolve", "double-primary")).isEmpty();

        fx.agents.deregister("orders", Role.PRIMARY, "db2:3307");
        await().atMost(Duration.ofSeconds(20)).until(() -> !pagerDuty.events("resolve", "double-primary").isEmpty());
        assertThat(pagerDuty.events("resolve", "double-primary")).singleElement()
                .satisfies(e -> assertThat(e.path("dedup_key").asText()).isEqualTo(dedupKey));
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.readString(openPages).contains(dedupKey));
    }

    @Test
    void a_double_primary_that_cleared_while_the_sync_was_down_is_resolved_by_the_next_start() throws Exception {
        fx.sync.close();
        fx.agents.deregister("orders", Role.PRIMARY, "db2:3307");
        startSync();
        await().atMost(Duration.ofSeconds(20)).until(() -> !pagerDuty.events("resolve", "double-primary").isEmpty());
        assertThat(pagerDuty.events("resolve", "double-primary")).singleElement()
                .satisfies(e -> assertThat(e.path("dedup_key").asText()).isEqualTo(dedupKey));
        assertThat(pagerDuty.events("trigger", "double-primary")).hasSize(1);
    }
}
