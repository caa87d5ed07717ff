package org.mysqldiscovery.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * monitoring/ on its own: the rules load, every alert has a unit test, a runbook paragraph and a runbook_url; the
 * dashboard is JSON. (That every name they use is really exported: FailoverScenariosIT, on the running suite.)
 */
class MonitoringTest {

    @Test
    void the_alert_rules_pass_promtool_check_and_their_unit_tests() {
        assertThat(Monitoring.promtool("", "check", "rules", "alerts.yml")).contains("SUCCESS");
        assertThat(Monitoring.promtool("", "test", "rules", "tests/alerts_test.yml")).contains("SUCCESS")
                .doesNotContain("FAILED");
    }

    @Test
    void every_alert_has_a_unit_test_and_a_runbook_paragraph() {
        String rules = Monitoring.read(Monitoring.dir().resolve("alerts.yml"));
        String tests = Monitoring.read(Monitoring.dir().resolve("tests/alerts_test.yml"));
        String runbook = Monitoring.read(Monitoring.dir().resolve("README.md"));
        List<String> alerts = new ArrayList<>();
        Matcher m = Pattern.compile("- alert: (\\w+)").matcher(rules);
        while (m.find()) {
            alerts.add(m.group(1));
        }
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(8);
        for (String alert : alerts) {
            assertThat(tests).as("a promtool test for " + alert).contains("alertname: " + alert);
            assertThat(runbook).as("a runbook section for " + alert).contains("### " + alert);
            assertThat(rules).as("runbook_url of " + alert)
                    .contains("runbook_url: \"monitoring/README.md#" + alert.toLowerCase() + "\"");
        }
    }

    @Test
    void the_dashboard_is_grafana_json_with_the_fleet_schema_instance_convergence_and_timeline_rows()
            throws Exception {
        JsonNode dashboard = Monitoring.STRICT.readTree(Monitoring.dir().resolve("grafana-dashboard.json").toFile());
        List<String> rows = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.get("type").asText().equals("row")) {
                rows.add(panel.get("title").asText());
            } else {
                assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            }
        }
        assertThat(rows).containsExactly("Fleet", "Schema $schema", "Instance $instance", "Each sync's convergence",
                "Failover timeline");
        assertThat(Monitoring.namesUsed()).contains("mysql_discovery_sync_unrouted_change_age_seconds",
                "mysql_discovery_health_registered");
    }
}
