package org.mysqldiscovery.role.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.model.PayloadCodec;

class AuditLogTest {
    @TempDir
    Path dir;

    @Test
    void each_record_is_one_json_line_with_time_caller_request_and_result() throws Exception {
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        Path file = dir.resolve("sub/audit.log");
        try (AuditLog audit = new AuditLog(file, Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC),
                failures::incrementAndGet)) {
            audit.start();
            audit.record("10.0.0.1", "PUT", "/v1/role", Map.of("role", "primary\nX"), 200, Map.of("changed", true));
            audit.record("10.0.0.2", "GET", "/v1/role", null, 401, Map.of("error", "wrong bearer token"));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        JsonNode first = PayloadCodec.mapper().readTree(lines.get(0));
        assertThat(first.get("time").asText()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(first.get("caller").asText()).isEqualTo("10.0.0.1");
        assertThat(first.get("request").get("role").asText()).isEqualTo("primary\nX");
        assertThat(first.get("status").asInt()).isEqualTo(200);
        assertThat(PayloadCodec.mapper().readTree(lines.get(1)).has("request")).isFalse();
        assertThat(failures.get()).isZero();
    }

    @Test
    void a_closed_log_counts_the_lost_line_and_does_not_throw() throws Exception {
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        AuditLog audit = new AuditLog(dir.resolve("a.log"), Clock.systemUTC(), failures::incrementAndGet);
        audit.start();
        audit.close();
        audit.close();
        audit.record("x", "PUT", "/v1/role", null, 400, Map.of());
        assertThat(failures.get()).isEqualTo(1);
    }

    @Test
    void the_log_is_rotated_by_size_keeping_the_configured_number_of_files() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog audit = new AuditLog(file, Clock.systemUTC(), () -> { }, 1000, 2)) {
            audit.start();
            for (int i = 0; i < 100; i++) {
                audit.record("10.0.0.1", "PUT", "/v1/role", Map.of("n", i), 401, Map.of("error", "wrong token"));
            }
            assertThat(audit.rotated(1)).exists();
        }
        assertThat(Files.size(file)).isLessThanOrEqualTo(1000);
        assertThat(Files.size(dir.resolve("audit.log.1"))).isLessThanOrEqualTo(1000);
        assertThat(dir.resolve("audit.log.2")).exists();
        assertThat(dir.resolve("audit.log.3")).doesNotExist();
        // Whole lines only: every line of every file is JSON, and the newest line is the last one written.
        for (String name : List.of("audit.log", "audit.log.1", "audit.log.2")) {
            for (String line : Files.readAllLines(dir.resolve(name))) {
                assertThat(PayloadCodec.mapper().readTree(line).has("caller")).isTrue();
            }
        }
        List<String> current = Files.readAllLines(file);
        assertThat(current.get(current.size() - 1)).contains("\"n\":99");
    }

    @Test
    void a_summary_line_names_callers_and_counts() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog audit = new AuditLog(file, Clock.systemUTC(), () -> { })) {
            audit.start();
            audit.summary(10_000, List.of(Map.of("caller", "10.0.0.9", "refused", 10, "limited", 5000)), 3);
        }
        JsonNode line = PayloadCodec.mapper().readTree(Files.readAllLines(file).get(0));
        assertThat(line.get("summary").asText()).isEqualTo("refused requests");
        assertThat(line.get("callers").get(0).get("limited").asInt()).isEqualTo(5000);
        assertThat(line.get("callersOmitted").asInt()).isEqualTo(3);
    }
}
