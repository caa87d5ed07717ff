package org.mysqldiscovery.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.common.lifecycle.State;
import org.mysqldiscovery.common.metrics.Telemetry;

class AdminServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void health_answers_200_or_503_with_json_and_metrics_are_prometheus_text() throws Exception {
        Telemetry metrics = Telemetry.forProgram("test", "1.2.3");
        metrics.counter("checks_failed_total", "Checks that failed").inc(3);
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (AdminServer server = new AdminServer(HttpSettings.loopback(0), metrics,
                () -> new HealthReport(healthy.get(), Map.of("registered", healthy.get())),
                app -> app.get("/hello", ctx -> ctx.result("hi")))) {
            server.start();
            String base = "http://127.0.0.1:" + server.port();

            HttpResponse<String> health = get(base + "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"registered\":true}");
            healthy.set(false);
            assertThat(get(base + "/health").statusCode()).isEqualTo(503);

            HttpResponse<String> scrape = get(base + "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(scrape.body()).contains("mysql_discovery_checks_failed_total 3.0",
                    "mysql_discovery_build_info{program=\"test\",version=\"1.2.3\"} 1", "jvm_memory_used_bytes",
                    "process_cpu_seconds_total");

            assertThat(get(base + "/hello").body()).isEqualTo("hi");
            assertThat(get(base + "/nope").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void close_is_idempotent_and_the_state_is_explicit() {
        AdminServer server = new AdminServer(HttpSettings.loopback(0), Telemetry.bare("test"),
                () -> new HealthReport(true, Map.of()), app -> { });
        assertThat(server.state()).isEqualTo(State.LATENT);
        server.start();
        assertThat(server.state()).isEqualTo(State.STARTED);
        server.close();
        server.close();
        assertThat(server.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void bodies_over_16_kib_are_refused_with_413() throws Exception {
        try (AdminServer server = new AdminServer(HttpSettings.loopback(0), Telemetry.bare("test"),
                () -> new HealthReport(true, Map.of()), app -> app.put("/echo", ctx -> ctx.result(ctx.body())))) {
            server.start();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/echo"))
                    .PUT(HttpRequest.BodyPublishers.ofString("x".repeat(17 * 1024))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(413);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
