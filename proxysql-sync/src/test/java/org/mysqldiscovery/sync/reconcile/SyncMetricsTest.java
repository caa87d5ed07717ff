package org.mysqldiscovery.sync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.common.http.PrometheusText;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.mysqldiscovery.sync.page.Condition;
import org.mysqldiscovery.sync.page.ConditionKind;
import org.mysqldiscovery.sync.page.PageTracker;

class SyncMetricsTest {
    private final Telemetry telemetry = Telemetry.bare("proxysql-sync");
    private final AtomicLong pending = new AtomicLong();
    private final AtomicReference<List<PageTracker.Tracked>> tracked = new AtomicReference<>(List.of());
    private final SyncMetrics metrics = new SyncMetrics(telemetry, List.of("orders", "users"), () -> 1, pending::get);

    {
        metrics.guards(tracked::get);
    }

    private String scrape() {
        return new PrometheusText(telemetry.registry()).render();
    }

    private double unroutedAge() {
        String prefix = "mysql_discovery_sync_unrouted_change_age_seconds ";
        return scrape().lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()))).findFirst().orElseThrow();
    }

    @Test
    void every_guard_of_every_configured_schema_and_of_the_whole_sync_is_there_from_start() {
        String text = scrape();
        for (ConditionKind kind : ConditionKind.values()) {
            String guard = kind.token().replace('-', '_');
            for (String schema : List.of("orders", "users", "*")) {
                assertThat(text).contains("mysql_discovery_sync_guard_active{guard=\"" + guard + "\",schema=\""
                        + schema + "\"} 0", "mysql_discovery_sync_guard_paged{guard=\"" + guard + "\",schema=\""
                        + schema + "\"} 0");
            }
            assertThat(text).contains("mysql_discovery_sync_guard_trips_total{guard=\"" + guard + "\"} 0");
        }
        assertThat(text).contains("mysql_discovery_sync_admin_errors_total{kind=\"verify_failed\"} 0",
                "mysql_discovery_sync_blind 1", "mysql_discovery_sync_unrouted_change_age_seconds 0",
                "mysql_discovery_sync_change_routed_duration_seconds_count 0", "mysql_discovery_zookeeper_connected 1");
    }

    @Test
    void a_tracked_condition_is_active_and_once_paged_paged() {
        Condition doublePrimary = new Condition(ConditionKind.DOUBLE_PRIMARY, "orders", "two primaries", Map.of());
        tracked.set(List.of(new PageTracker.Tracked(doublePrimary, 0, false, "k")));
        assertThat(scrape()).contains("mysql_discovery_sync_guard_active{guard=\"double_primary\",schema=\"orders\"} 1",
                "mysql_discovery_sync_guard_paged{guard=\"double_primary\",schema=\"orders\"} 0",
                "mysql_discovery_sync_guard_active{guard=\"double_primary\",schema=\"users\"} 0");
        tracked.set(List.of(new PageTracker.Tracked(doublePrimary, 0, true, "k")));
        assertThat(scrape()).contains("mysql_discovery_sync_guard_paged{guard=\"double_primary\",schema=\"orders\"} 1");
    }

    @Test
    void a_change_is_timed_from_its_first_mark_to_the_load_that_routes_it() {
        long seen = System.nanoTime();
        pending.set(seen);
        assertThat(unroutedAge()).isPositive();
        pending.set(0);
        metrics.changeSeen(seen);
        metrics.changeSeen(System.nanoTime()); // a later change in the same unrouted stretch: the oldest counts
        assertThat(metrics.unroutedSinceNanos.get()).isEqualTo(seen);
        metrics.changesRouted(true);
        assertThat(scrape()).contains("mysql_discovery_sync_change_routed_duration_seconds_count 1",
                "mysql_discovery_sync_change_routed_duration_seconds_bucket{le=\"60.0\"} 1");
        assertThat(unroutedAge()).isZero();
        metrics.changeSeen(System.nanoTime());
        metrics.changesRouted(false); // a no-op pass: converged, nothing routed, nothing observed
        assertThat(scrape()).contains("mysql_discovery_sync_change_routed_duration_seconds_count 1");
    }
}
