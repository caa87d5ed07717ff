package org.mysqldiscovery.health.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mysqldiscovery.common.model.Role;

class CheckRulesTest {

    @ParameterizedTest(name = "{0}, read_only={1}, replicating={2}, replicaReadOnlyRequired={3} -> {4}")
    @CsvSource({
            "primary,           false, false, true,  PASS, writable",
            "primary,           false, true,  true,  PASS, writable",
            "primary,           true,  false, true,  FAIL, read_only=ON",
            "primary,           true,  true,  false, FAIL, read_only=ON",
            "replica,           true,  true,  true,  PASS, replication configured",
            "replica,           false, true,  true,  FAIL, writable replica",
            "replica,           false, true,  false, PASS, read_only=OFF",
            "replica,           true,  false, true,  FAIL, not replicating",
            "replica,           false, false, false, FAIL, not replicating",
            "reporting-replica, true,  true,  true,  PASS, replication configured",
            "reporting-replica, false, true,  true,  FAIL, writable replica",
            "reporting-replica, true,  false, true,  FAIL, not replicating",
            })
    void role_consistency_follows_the_table(String role, boolean readOnly, boolean replicating, boolean required,
            CheckStatus expected, String messagePart) {
        Verdict verdict = CheckRules.roleConsistency(Role.fromToken(role), readOnly, replicating, required);
        assertThat(verdict.status()).isEqualTo(expected);
        assertThat(verdict.message()).contains(messagePart);
    }

    @ParameterizedTest(name = "io={0} sql={1} behind={2} -> {3}")
    @CsvSource(nullValues = "NULL", value = {
            "Yes,        Yes, 0,    PASS, Seconds_Behind_Master=0",
            "Yes,        Yes, 10,   PASS, Seconds_Behind_Master=10",
            "Yes,        Yes, 11,   FAIL, lag 11 s exceeds 10000 ms",
            "Yes,        Yes, NULL, FAIL, is NULL",
            "No,         Yes, 0,    FAIL, IO thread is No",
            "Connecting, Yes, 0,    FAIL, IO thread is Connecting",
            "Preparing,  Yes, 0,    FAIL, IO thread is Preparing",
            "Yes,        No,  0,    FAIL, SQL thread is No",
            "'',         '',  0,    FAIL, IO thread is not reported",
            })
    void replication_needs_both_threads_and_a_known_lag_within_the_limit(String io, String sql, Long behind,
            CheckStatus expected, String messagePart) {
        ReplicaStatus status = new ReplicaStatus(io, sql, behind, "Seconds_Behind_Master", "", "");
        Verdict verdict = CheckRules.replication(status, new LagReading.SecondsBehind(), 10_000);
        assertThat(verdict.status()).isEqualTo(expected);
        assertThat(verdict.message()).contains(messagePart);
    }

    @ParameterizedTest(name = "heartbeat lag {0} ms, Seconds_Behind {1} -> {2}")
    @CsvSource(nullValues = "NULL", value = {
            "0,      0,    PASS, lag 0 ms",
            "4999,   NULL, PASS, lag 4999 ms",
            "5001,   0,    FAIL, lag 5001 ms exceeds 5000 ms",
            "-500,   0,    PASS, lag 0 ms",
            "-1500,  0,    FAIL, in the future",
            })
    void the_heartbeat_table_is_preferred_over_seconds_behind(long lagMillis, Long behind, CheckStatus expected,
            String messagePart) {
        ReplicaStatus status = new ReplicaStatus("Yes", "Yes", behind, "Seconds_Behind_Source", "", "");
        Verdict verdict = CheckRules.replication(status, new LagReading.Heartbeat("percona.heartbeat", lagMillis),
                5_000);
        assertThat(verdict.status()).isEqualTo(expected);
        assertThat(verdict.message()).contains(messagePart);
    }

    @ParameterizedTest(name = "io={0} sql={1} sinceHealthy={2}ms → {3}")
    @CsvSource({
            "Connecting, Yes, 3000, PASS",
            "Connecting, Yes, 10000, PASS",
            "Connecting, Yes, 10001, FAIL",
            "Connecting, Yes, -1, FAIL",
            "Connecting, No, 100, FAIL",
            "Preparing, Yes, 200, PASS",
            "Preparing, Yes, 10001, FAIL",
            "Preparing, No, 100, FAIL",
            "No, Yes, 100, FAIL"})
    void a_replica_whose_source_died_or_is_being_repointed_stays_fit_only_while_its_data_is_younger_than_the_lag_limit(String io,
            String sql, long sinceHealthy, CheckStatus expected) {
        ReplicaStatus status = new ReplicaStatus(io, sql, null, "Seconds_Behind_Master",
                "error reconnecting to master", "");
        assertThat(CheckRules.replication(status, new LagReading.SecondsBehind(), 10_000, sinceHealthy).status())
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "behind={0} s bound={1} ms -> {2}")
    @CsvSource(nullValues = "NULL", value = {
            "30,   300,   PASS, a repoint's jump",
            "30,   10000, PASS, data at most 10000 ms old",
            "30,   10001, FAIL, lag 30 s exceeds 10000 ms",
            "30,   -1,    FAIL, lag 30 s exceeds 10000 ms",
            "NULL, 300,   PASS, is NULL for now",
            "NULL, -1,    FAIL, lag unknown"})
    void a_seconds_behind_jump_passes_only_while_the_data_is_provably_fresh(Long behind, long bound,
            CheckStatus expected, String messagePart) {
        ReplicaStatus status = new ReplicaStatus("Yes", "Yes", behind, "Seconds_Behind_Master", "", "");
        Verdict verdict = CheckRules.replication(status, new LagReading.SecondsBehind(), 10_000, bound);
        assertThat(verdict.status()).isEqualTo(expected);
        assertThat(verdict.message()).contains(messagePart);
    }

    @org.junit.jupiter.api.Test
    void a_heartbeat_over_the_limit_is_a_measurement_and_not_second_guessed() {
        ReplicaStatus status = new ReplicaStatus("Yes", "Yes", 0L, "Seconds_Behind_Master", "", "");
        assertThat(CheckRules.replication(status, new LagReading.Heartbeat("percona.heartbeat", 12_000), 10_000, 300)
                .status()).isEqualTo(CheckStatus.FAIL);
    }

    @org.junit.jupiter.api.Test
    void an_unreadable_heartbeat_table_fails_the_replication_check() {
        ReplicaStatus status = new ReplicaStatus("Yes", "Yes", 0L, "Seconds_Behind_Master", "", "");
        Verdict verdict = CheckRules.replication(status,
                new LagReading.HeartbeatError("percona.heartbeat", "Table 'percona.heartbeat' doesn't exist"), 5_000);
        assertThat(verdict.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(verdict.message()).contains("percona.heartbeat", "doesn't exist");
    }

    @org.junit.jupiter.api.Test
    void no_replication_row_fails_the_replication_check_and_names_the_last_error_of_a_stopped_thread() {
        assertThat(CheckRules.replication(null, new LagReading.SecondsBehind(), 1000).message())
                .contains("not replicating");
        ReplicaStatus broken = new ReplicaStatus("Yes", "No", null, "Seconds_Behind_Master", "",
                "Duplicate entry '1' for key 'PRIMARY'\u0000");
        assertThat(CheckRules.replication(broken, new LagReading.SecondsBehind(), 1000).message())
                .contains("SQL thread is No", "Duplicate entry").doesNotContain("\u0000");
    }

    @ParameterizedTest(name = "load status \"{0}\" -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "Buffer pool(s) load completed at 261122 18:17:10, PASS",
            "'',                                                FAIL",
            "NULL,                                              FAIL",
            "Loaded 5/100 pages,                                FAIL",
            "Buffer pool(s) load aborted at 261122 18:17:10,    FAIL",
            "Buffer pool(s) load not started,                   FAIL",
            })
    void the_buffer_pool_is_warm_only_after_a_completed_load(String loadStatus, CheckStatus expected) {
        assertThat(CheckRules.bufferPool(loadStatus).status()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "quarantined={0} read_only={1} -> fence {2}")
    @CsvSource({"true, false, true", "true, true, false", "false, false, false", "false, true, false"})
    void only_a_writable_quarantined_server_is_fenced(boolean quarantined, boolean readOnly, boolean fence) {
        assertThat(CheckRules.fencingNeeded(quarantined, readOnly)).isEqualTo(fence);
    }
}
