package org.mysqldiscovery.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadCodecTest {
    private static final String WHERE = "/mysql-discovery/mysql/orders/replica/db2:3306";

    @Test
    void registration_round_trips_with_the_contract_field_names() throws Exception {
        Registration registration = Registration.ofMysql(Instance.parse("db2:3306"), SchemaName.of("orders"),
                Role.REPLICA, "dc1", 100, 500, Instant.parse("2026-11-22T10:00:00Z"), "0.1.0");
        byte[] json = PayloadCodec.encode(registration);
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(
                "{\"host\":\"db2\",\"port\":3306,\"schema\":\"orders\",\"role\":\"replica\",\"datacenter\":\"dc1\","
                        + "\"weight\":100,\"maxConnections\":500,\"registeredAt\":\"2026-11-22T10:00:00Z\","
                        + "\"agentVersion\":\"0.1.0\"}");
        assertThat(PayloadCodec.decodeRegistration(json, WHERE)).isEqualTo(registration);
    }

    @Test
    void unknown_fields_from_newer_writers_are_ignored() throws Exception {
        String json = "{\"host\":\"db2\",\"port\":3306,\"schema\":\"orders\",\"role\":\"replica\",\"weight\":1,"
                + "\"maxConnections\":10,\"registeredAt\":\"2026-11-22T10:00:00Z\",\"futureField\":{\"x\":[1,2]}}";
        assertThat(PayloadCodec.decodeRegistration(bytes(json), WHERE).schema()).isEqualTo("orders");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|payload is empty",
            "null|JSON null",
            "not json|not valid JSON",
            "[1,2]|" + WHERE,
            "{\"host\":\"db2\"}|" + WHERE,
            "{\"host\":\"db2\",\"port\":0,\"schema\":\"orders\",\"role\":\"replica\",\"registeredAt\":\"2026-11-22T10:00:00Z\"}|out of range",
            "{\"host\":\"db2\",\"port\":3306,\"schema\":\"Orders\",\"role\":\"replica\",\"registeredAt\":\"2026-11-22T10:00:00Z\"}|schema name",
            "{\"host\":\"db2\",\"port\":3306,\"schema\":\"orders\",\"role\":\"PRIMARY\",\"registeredAt\":\"2026-11-22T10:00:00Z\"}|role",
            "{\"host\":\"db2\",\"port\":\"x\",\"schema\":\"orders\",\"role\":\"replica\",\"registeredAt\":\"2026-11-22T10:00:00Z\"}|port",
            "{\"host\":\"db2\",\"port\":3306,\"schema\":\"orders\",\"role\":\"replica\",\"registeredAt\":\"yesterday\"}|registeredAt",
            "{\"host\":\"db2\",\"port\":3306,\"schema\":\"orders\",\"role\":\"replica\",\"weight\":-1,\"registeredAt\":\"2026-11-22T10:00:00Z\"}|weight"})
    void garbage_and_hostile_registrations_are_reported_with_the_path(String json, String expected) {
        assertThatThrownBy(() -> PayloadCodec.decodeRegistration(bytes(json), WHERE))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith(WHERE)
                .hasMessageContaining(expected);
    }

    @Test
    void oversized_payloads_are_refused_before_parsing() {
        byte[] huge = new byte[PayloadCodec.MAX_PAYLOAD_BYTES + 1];
        assertThatThrownBy(() -> PayloadCodec.decodeRegistration(huge, WHERE)).hasMessageContaining("exceeds");
    }

    @Test
    void deeply_nested_payloads_are_refused() {
        String nested = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        assertThatThrownBy(() -> PayloadCodec.decodeRegistration(bytes(nested), WHERE))
                .isInstanceOf(MalformedPayloadException.class);
    }

    @Test
    void binary_payloads_are_refused() {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3};
        assertThatThrownBy(() -> PayloadCodec.decodeRegistration(binary, WHERE))
                .isInstanceOf(MalformedPayloadException.class);
    }

    @Test
    void quarantine_and_sync_status_round_trip() throws Exception {
        QuarantineRecord quarantine = new QuarantineRecord("superseded by db2:3306", "role-agent@db2:3306",
                Instant.parse("2026-11-22T10:00:00Z"), "123:abc");
        assertThat(PayloadCodec.decodeQuarantine(PayloadCodec.encode(quarantine), "q")).isEqualTo(quarantine);
        SyncStatus status = new SyncStatus("proxysql1:6032", SyncMode.APPLY, "d1",
                Instant.parse("2026-11-22T10:00:00Z"), 42L, false, Map.of("orders", "ok"), "0.1.0");
        assertThat(PayloadCodec.decodeSyncStatus(PayloadCodec.encode(status), "s")).isEqualTo(status);
    }

    @Test
    void a_sync_status_with_its_settle_window_and_open_pages_round_trips_and_omits_them_when_there_are_none()
            throws Exception {
        SyncStatus status = new SyncStatus("proxysql1:6032", SyncMode.APPLY, "d1",
                Instant.parse("2026-11-22T10:00:00Z"), 42L, false, Map.of("orders", "double-primary", "*", "ok"), "0.1.0",
                Instant.parse("2026-11-22T10:00:12Z"), 3, Map.of("orders", "double-primary"));
        assertThat(PayloadCodec.decodeSyncStatus(PayloadCodec.encode(status), "s")).isEqualTo(status);
        String quiet = new String(PayloadCodec.encode(new SyncStatus("proxysql1:6032", SyncMode.APPLY, "d1", null,
                42L, false, Map.of(), "0.1.0")), StandardCharsets.UTF_8);
        assertThat(quiet).doesNotContain("paged", "settle");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"settleHeldRows\":-1",
            "\"settleHeldRows\":\"many\"",
            "\"paged\":{\"orders\":null}",
            "\"paged\":{\"\":\"double-primary\"}",
            "\"paged\":{\"orders\":\"double-primary\\u0000<script>\"}",
            "\"paged\":[\"orders\"]",
            "\"paged\":\"double-primary\"",
            "\"guards\":{\"orders\":\"LONG\"}"})
    void a_sync_status_with_garbage_pages_or_held_rows_is_malformed(String field) {
        String json = "{\"proxysql\":\"proxysql1:6032\",\"appliedZxid\":1,\"blind\":false,"
                + field.replace("LONG", "x".repeat(SyncStatus.MAX_TEXT + 1)) + "}";
        assertThatThrownBy(() -> PayloadCodec.decodeSyncStatus(bytes(json), "sync/proxysql1:6032"))
                .isInstanceOf(MalformedPayloadException.class).hasMessageStartingWith("sync/proxysql1:6032");
    }

    @Test
    void a_sync_status_with_more_open_pages_than_a_proxysql_routes_schemas_is_refused() {
        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i <= SyncStatus.MAX_ENTRIES; i++) {
            many.put("s" + i, "no-primary");
        }
        assertThatThrownBy(() -> new SyncStatus("proxysql1:6032", SyncMode.APPLY, null, null, 1, false, Map.of(), null,
                null, null, many)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("paged has 10001");
    }

    @Test
    void quarantine_without_reason_is_malformed() {
        assertThatThrownBy(() -> PayloadCodec.decodeQuarantine(
                bytes("{\"createdBy\":\"x\",\"createdAt\":\"2026-11-22T10:00:00Z\"}"), "q"))
                .hasMessageContaining("reason is missing");
    }

    private static String syncStatusWithMode(String modeJson) {
        return "{\"proxysql\":\"proxysql1:6032\"," + (modeJson == null ? "" : "\"mode\":" + modeJson + ",")
                + "\"planDigest\":\"d\",\"appliedAt\":\"2026-11-22T10:00:00Z\",\"appliedZxid\":42,"
                + "\"blind\":false,\"guards\":{},\"agentVersion\":\"0.1.0\"}";
    }

    @Test
    void the_sync_mode_keeps_its_wire_spelling() throws Exception {
        for (SyncMode mode : SyncMode.values()) {
            SyncStatus status = new SyncStatus("proxysql1:6032", mode, "d", Instant.EPOCH, 1, false, Map.of(), "v");
            String json = new String(PayloadCodec.encode(status), StandardCharsets.UTF_8);
            assertThat(json).contains("\"mode\":\"" + mode.token() + "\"");
            assertThat(PayloadCodec.decodeSyncStatus(bytes(syncStatusWithMode("\"" + mode.token() + "\"")), "s")
                    .mode()).isEqualTo(mode);
        }
        assertThat(SyncMode.APPLY.token()).isEqualTo("apply");
        assertThat(SyncMode.DRY_RUN.token()).isEqualTo("dry-run");
    }

    @ParameterizedTest(name = "mode {0}")
    @NullSource
    @ValueSource(strings = {"null"})
    void a_sync_status_without_mode_is_read_as_apply_as_before_the_field_existed(String modeJson) throws Exception {
        assertThat(PayloadCodec.decodeSyncStatus(bytes(syncStatusWithMode(modeJson)), "s").mode())
                .isEqualTo(SyncMode.APPLY);
    }

    @ParameterizedTest(name = "mode {0}")
    @ValueSource(strings = {"\"banana\"", "\"\"", "\"DRY-RUN\"", "\"dry_run\"", "\" apply\"", "\"dry-run\\u0000\"",
            "123", "true", "{\"x\":1}", "[\"apply\"]"})
    void a_sync_status_with_a_mode_nobody_knows_is_malformed_not_taken_for_either_mode(String modeJson) {
        assertThatThrownBy(() -> PayloadCodec.decodeSyncStatus(bytes(syncStatusWithMode(modeJson)), WHERE))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining(WHERE);
    }

    @Test
    void an_oversized_mode_is_malformed_and_its_text_is_not_echoed_whole() {
        String huge = "x".repeat(50_000);
        assertThatThrownBy(() -> PayloadCodec.decodeSyncStatus(bytes(syncStatusWithMode("\"" + huge + "\"")), WHERE))
                .isInstanceOf(MalformedPayloadException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(2_000));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
