package org.mysqldiscovery.health.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.common.http.PrometheusText;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.mysqldiscovery.health.check.CheckNames;
import org.mysqldiscovery.health.check.CheckResult;
import org.mysqldiscovery.health.check.CheckStatus;

class HealthMetricsTest {
    private final Telemetry telemetry = Telemetry.bare("health-agent");
    private final HealthMetrics metrics = new HealthMetrics(telemetry, HealthMetrics.MYSQL_CHECKS);

    private String scrape() {
        return new PrometheusText(telemetry.registry()).render();
    }

    @Test
    void every_check_of_the_mode_has_its_series_before_the_first_round() {
        metrics.agent(() -> false, () -> false, () -> false, () -> null);
        metrics.zookeeper(() -> false, () -> 0, () -> 0);
        String text = scrape();
        for (String check : HealthMetrics.MYSQL_CHECKS) {
            assertThat(text).contains("mysql_discovery_health_check_passing{check=\"" + check + "\"} 0",
                    "mysql_discovery_health_check_failures_total{check=\"" + check + "\"} 0",
                    "mysql_discovery_health_check_duration_seconds_count{check=\"" + check + "\"} 0");
        }
        assertThat(text).contains("mysql_discovery_health_registered 0", "mysql_discovery_zookeeper_state 0",
                "mysql_discovery_health_fencing_total{outcome=\"fenced\"} 0",
                "mysql_discovery_health_quarantined_since_timestamp_seconds 0")
                .doesNotContain("mysql_discovery_health_target{");
    }

    @Test
    void a_quarantine_is_dated_when_first_seen_and_forgotten_when_it_clears() {
        metrics.agent(() -> false, () -> true, () -> false, () -> null);
        long before = System.currentTimeMillis() / 1000;
        metrics.recordGates(List.of(new CheckResult(CheckNames.QUARANTINE, CheckStatus.FAIL, "quarantined", 0)));
        String since = scrape().lines().filter(l -> l.startsWith("mysql_discovery_health_quarantined_since"))
                .findFirst().orElseThrow();
        assertThat(Double.parseDouble(since.split(" ")[1])).isGreaterThanOrEqualTo(before);
        assertThat(scrape()).contains("mysql_discovery_health_check_passing{check=\"quarantine\"} 0",
                "mysql_discovery_health_check_failures_total{check=\"quarantine\"} 1");
        metrics.recordGates(List.of(new CheckResult(CheckNames.QUARANTINE, CheckStatus.PASS, "none", 0)));
        assertThat(scrape()).contains("mysql_discovery_health_quarantined_since_timestamp_seconds 0",
                "mysql_discovery_health_check_passing{check=\"quarantine\"} 1");
    }
}
