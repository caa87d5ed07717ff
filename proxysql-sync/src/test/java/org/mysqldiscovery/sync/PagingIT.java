package org.mysqldiscovery.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.page.PagerSettings;
import org.mysqldiscovery.sync.config.GuardSettings;
import org.mysqldiscovery.sync.harness.PagerReceiver;
import org.mysqldiscovery.sync.harness.SyncFixture;

/** Guards that page, against a local receiver of the PagerDuty Events API v2 shape. */
class PagingIT {
    static final long GRACE_MILLIS = 1_500;
    static final long NO_PRIMARY_PAGE_MILLIS = 2_000;

    @TempDir
    Path dir;
    SyncFixture fx;
    PagerReceiver pagerDuty;
    String dedupKey;

    @BeforeEach
    void start() throws Exception {
        fx = SyncFixture.create(dir, "PagingIT");
        pagerDuty = new PagerReceiver();
        Path key = dir.resolve("routing-key");
        Files.writeString(key, "test-routing-key\n");
        PagerSettings pager = new PagerSettings("pagerduty", pagerDuty.url(), SecretFile.read(key), 2_000, 3, 100);
        fx.startSync(c -> c.pager(pager).guards(new GuardSettings(GRACE_MILLIS, 0.5, NO_PRIMARY_PAGE_MILLIS, null, null)));
        dedupKey = "mysql-discovery/double-primary/orders@" + fx.admin.host() + ":" + fx.admin.port();
        fx.agents.register("orders", Role.PRIMARY, "db1:3306");
        fx.agents.register("orders", Role.REPLICA, "db2:3306");
        fx.agents.register("orders", Role.REPLICA, "db3:3306");
        fx.agents.register("users", Role.PRIMARY, "u1:3306");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> fx.admin.routed(9010, 9021).size() == 4);
        fx.admin.clearStatements();
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
        pagerDuty.close();
    }

    @Test
    void a_double_primary_past_its_grace_pages_once_and_resolves_once_when_cleared() throws Exception {
        long since = System.currentTimeMillis();
        fx.agents.register("orders", Role.PRIMARY, "db3:3307");
        fx.agents.register("users", Role.REPLICA, "u2:3306"); // other schemas still sync meanwhile
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> fx.admin.routed(9021, 9021).equals(List.of("9021 u2:3306")));

        await().atMost(Duration.ofMillis(GRACE_MILLIS + 5_000)).until(() -> !pagerDuty.events("trigger",
                "double-primary").isEmpty());
        long pagedAfter = System.currentTimeMillis() - since;
        JsonNode trigger = pagerDuty.events("trigger", "double-primary").get(0);
        assertThat(pagedAfter).isGreaterThanOrEqualTo(GRACE_MILLIS);
        assertThat(trigger.path("dedup_key").asText()).isEqualTo(dedupKey);
        assertThat(trigger.path("routing_key").asText()).isEqualTo("test-routing-key");
        assertThat(trigger.path("payload").path("severity").asText()).isEqualTo("critical");
        assertThat(trigger.path("payload").path("summary").asText()).contains("orders").contains("db1:3306")
                .contains("db3:3307");
        // The schema stays frozen as it was: the second primary was never routed.
        assertThat(fx.admin.routed(9010, 9012)).containsExactly("9010 db1:3306", "9011 db2:3306", "9011 db3:3306");
        assertThat(fx.admin.statements()).noneMatch(s -> s.contains("'db3',3307"));
        // The status node lists the open incident (the status page's timeline shows it triggered, then resolved).
        await().atMost(Duration.ofSeconds(5)).until(() -> "double-primary".equals(fx.status().paged().get("orders")));
        // Still exactly one trigger while it lasts.
        await().during(Duration.ofMillis(1_000)).atMost(Duration.ofSeconds(3))
                .until(() -> pagerDuty.events("trigger", "double-primary").size() == 1);

        fx.agents.deregister("orders", Role.PRIMARY, "db1:3306"); // the old primary is demoted
        await().atMost(Duration.ofSeconds(5)).until(() -> pagerDuty.events("resolve", "double-primary").size() == 1);
        assertThat(pagerDuty.events("resolve", "double-primary").get(0).path("dedup_key").asText())
                .isEqualTo(dedupKey);
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> fx.admin.routed(9010, 9010)
                .equals(List.of("9010 db3:3307")));
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.status().paged().isEmpty());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> pagerDuty.events("resolve", "double-primary").size() == 1
                        && pagerDuty.events("trigger", "double-primary").size() == 1);
    }

    @Test
    void a_double_primary_shorter_than_its_grace_pages_nothing_and_writes_nothing_unsafe() throws Exception {
        fx.agents.register("orders", Role.PRIMARY, "db9:3306");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.sync.reconciler().report().guards().stream()
                .anyMatch(g -> g.kind().equals("double-primary")));
        fx.agents.deregister("orders", Role.PRIMARY, "db9:3306");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.sync.reconciler().report().guards().stream()
                .noneMatch(g -> g.kind().equals("double-primary")));

        await().during(Duration.ofMillis(GRACE_MILLIS + 1_000)).atMost(Duration.ofMillis(GRACE_MILLIS + 3_000))
                .until(() -> pagerDuty.events().isEmpty());
        assertThat(fx.admin.statements()).noneMatch(s -> s.contains("db9"));
        assertThat(fx.admin.routed(9010, 9012)).containsExactly("9010 db1:3306", "9011 db2:3306", "9011 db3:3306");
    }

    @Test
    void a_failover_gap_is_applied_at_once_and_paged_only_when_it_lasts() throws Exception {
        long since = System.currentTimeMillis();
        fx.agents.deregister("orders", Role.PRIMARY, "db1:3306");
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> fx.admin.routed(9010, 9010).isEmpty());
        assertThat(pagerDuty.events()).isEmpty();

        await().atMost(Duration.ofMillis(NO_PRIMARY_PAGE_MILLIS + 5_000))
                .until(() -> pagerDuty.events("trigger", "no-primary/orders").size() == 1);
        assertThat(System.currentTimeMillis() - since).isGreaterThanOrEqualTo(NO_PRIMARY_PAGE_MILLIS);

        fx.agents.register("orders", Role.PRIMARY, "db2:3307"); // promoted
        await().atMost(Duration.ofSeconds(5)).until(() -> pagerDuty.events("resolve", "no-primary/orders").size() == 1);
        assertThat(fx.admin.routed(9010, 9010)).containsExactly("9010 db2:3307");
        assertThat(pagerDuty.events("trigger", "")).hasSize(1);
    }

    @Test
    void a_mass_removal_is_refused_and_paged_at_once_and_resolved_when_the_view_returns() throws Exception {
        fx.agents.deregister("orders", Role.REPLICA, "db2:3306");
        fx.agents.deregister("orders", Role.REPLICA, "db3:3306");
        fx.agents.deregister("users", Role.PRIMARY, "u1:3306");
        await().atMost(Duration.ofSeconds(5)).until(() -> pagerDuty.events("trigger", "mass-removal").size() == 1);
        assertThat(fx.admin.routed(9010, 9021)).hasSize(4);
        assertThat(fx.admin.statements()).noneMatch(s -> s.startsWith("DELETE") || s.startsWith("LOAD"));

        fx.agents.register("orders", Role.REPLICA, "db2:3306");
        fx.agents.register("users", Role.PRIMARY, "u1:3306");
        await().atMost(Duration.ofSeconds(5)).until(() -> pagerDuty.events("resolve", "mass-removal").size() == 1);
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> fx.admin.routed(9010, 9021)
                .equals(List.of("9010 db1:3306", "9011 db2:3306", "9020 u1:3306")));
        assertThat(pagerDuty.events("trigger", "mass-removal")).hasSize(1);
    }
}
