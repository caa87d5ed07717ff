package org.mysqldiscovery.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.common.http.PrometheusText;

class TelemetryTest {

    @Test
    void a_program_exports_build_info_jvm_and_process_metrics_from_start() {
        Telemetry telemetry = Telemetry.forProgram("health-agent", "1.2.3");
        String text = new PrometheusText(telemetry.registry()).render();
        assertThat(text).contains("mysql_discovery_build_info{program=\"health-agent\",version=\"1.2.3\"} 1",
                "# HELP mysql_discovery_build_info Always 1", "jvm_memory_used_bytes{area=\"heap\"}",
                "jvm_gc_collection_seconds_count", "process_cpu_seconds_total", "process_start_time_seconds",
                "jvm_threads_current");
    }

    @Test
    void counters_end_in_total_histograms_in_seconds_and_names_carry_no_prefix_or_camel_case() {
        Telemetry telemetry = Telemetry.bare("test");
        assertThatThrownBy(() -> telemetry.counter("checks_failed", "x")).hasMessageContaining("ending in _total");
        assertThatThrownBy(() -> telemetry.seconds("round_duration", "x")).hasMessageContaining("_seconds");
        assertThatThrownBy(() -> telemetry.gauge("roleConsistency", "x", () -> 1)).hasMessageContaining("snake_case");
        assertThatThrownBy(() -> telemetry.gauge("mysql_discovery_x", "x", () -> 1)).hasMessageContaining("prefix");
        assertThatThrownBy(() -> telemetry.gauge("", "x", () -> 1)).hasMessageContaining("snake_case");
        telemetry.seconds("round_duration_seconds", "One round", "check").labelValues("mysqld").observe(0.003);
        String text = new PrometheusText(telemetry.registry()).render();
        assertThat(text).contains("# TYPE mysql_discovery_round_duration_seconds histogram",
                "mysql_discovery_round_duration_seconds_bucket{check=\"mysqld\",le=\"0.005\"} 1",
                "mysql_discovery_round_duration_seconds_sum{check=\"mysqld\"} 0.003");
    }

    @Test
    void promtool_check_metrics_reports_nothing_for_a_programs_metrics() throws Exception {
        Telemetry telemetry = Telemetry.forProgram("proxysql-sync", "1.2.3");
        telemetry.counter("pages_total", "Pages", "outcome").labelValues("sent").inc();
        telemetry.seconds("pass_duration_seconds", "A pass").observe(0.2);
        assertThat(promtoolCheckMetrics(new PrometheusText(telemetry.registry()).render())).isEmpty();
    }

    /** promtool's complaints about {@code text} (empty: none); skips loudly without promtool unless CI=true. */
    static String promtoolCheckMetrics(String text) throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            String why = "promtool is not installed (apt-get install prometheus): promtool check skipped";
            System.err.println("SKIPPED: " + why);
            assertThat(System.getenv("CI")).as(why + " but CI=true").isNotEqualTo("true");
            Assumptions.abort(why);
        }
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
                .start();
        process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.strip();
    }
}
