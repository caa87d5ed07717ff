package org.mysqldiscovery.common.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mysqldiscovery.common.convergence.Convergence.SyncState;
import org.mysqldiscovery.common.model.MalformedPayloadException;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.SyncMode;
import org.mysqldiscovery.common.model.SyncStatus;

class ConvergenceRulesTest {
    private static final long Z = 100;

    private static SyncObservation sync(String node, long applied, boolean blind, String mode) {
        return SyncObservation.of(node, new SyncStatus(node, SyncMode.fromToken(mode), "d", Instant.EPOCH, applied,
                blind, Map.of(), "v"));
    }

    private static SyncObservation applied(String node, long zxid) {
        return sync(node, zxid, false, "apply");
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(
                Arguments.of("two syncs past the target", List.of(applied("p1:6032", 100), applied("p2:6032", 250)),
                        true, List.of(SyncState.APPLIED, SyncState.APPLIED), 2),
                Arguments.of("one sync behind holds the answer", List.of(applied("p1:6032", 100),
                        applied("p2:6032", 99)), false, List.of(SyncState.APPLIED, SyncState.BEHIND), 2),
                Arguments.of("a sync before its first apply holds it", List.of(applied("p1:6032", -1)), false,
                        List.of(SyncState.BEHIND), 1),
                Arguments.of("a blind sync holds it even with a high zxid", List.of(sync("p1:6032", 500, true,
                        "apply")), false, List.of(SyncState.BLIND), 1),
                Arguments.of("an unreadable status holds it", List.of(applied("p1:6032", 500),
                        SyncObservation.unreadable("p2:6032", "not JSON")), false,
                        List.of(SyncState.APPLIED, SyncState.UNREADABLE), 2),
                Arguments.of("a dry-run sync is not waited for", List.of(applied("p1:6032", 100),
                        sync("p2:6032", 1, false, "dry-run")), true, List.of(SyncState.APPLIED, SyncState.DRY_RUN), 1),
                Arguments.of("no sync at all confirms, with a warning", List.of(), true, List.of(), 0),
                Arguments.of("only dry-run syncs confirm, with a warning", List.of(sync("p1:6032", 1, false,
                        "dry-run")), true, List.of(SyncState.DRY_RUN), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void verdicts(String name, List<SyncObservation> syncs, boolean confirmed, List<SyncState> states,
            int waitedFor) {
        Convergence convergence = ConvergenceRules.evaluate(Z, syncs);
        assertThat(convergence.confirmed()).isEqualTo(confirmed);
        assertThat(convergence.syncs()).extracting(Convergence.SyncVerdict::state).containsExactlyElementsOf(states);
        assertThat(convergence.waitedFor()).isEqualTo(waitedFor);
        assertThat(convergence.targetZxid()).isEqualTo(Z);
        assertThat(convergence.warning() != null).isEqualTo(waitedFor == 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void verdicts_are_listed_by_node_name(String name, List<SyncObservation> syncs, boolean confirmed,
            List<SyncState> states, int waitedFor) {
        List<String> nodes = ConvergenceRules.evaluate(Z, syncs).syncs().stream().map(Convergence.SyncVerdict::node)
                .toList();
        assertThat(nodes).isSorted();
    }

    /** How the drain and the CLI read a node: a payload that does not decode is an unreadable sync. */
    private static SyncObservation read(String node, String json) {
        try {
            return SyncObservation.of(node, PayloadCodec.decodeSyncStatus(json.getBytes(StandardCharsets.UTF_8),
                    "/mysql-discovery/sync/" + node));
        } catch (MalformedPayloadException e) {
            return SyncObservation.unreadable(node, e.getMessage());
        }
    }

    @ParameterizedTest(name = "mode {0}")
    @ValueSource(strings = {"\"banana\"", "\"\"", "\"Dry-Run\"", "42", "{}"})
    void a_sync_whose_mode_nobody_knows_holds_the_answer_and_is_never_taken_for_a_dry_run(String mode) {
        SyncObservation garbage = read("p2:6032", "{\"proxysql\":\"p2:6032\",\"mode\":" + mode
                + ",\"appliedZxid\":500,\"blind\":false}");

        Convergence convergence = ConvergenceRules.evaluate(Z, List.of(applied("p1:6032", 100), garbage));

        assertThat(convergence.confirmed()).isFalse();
        assertThat(convergence.waitedFor()).isEqualTo(2);
        assertThat(convergence.syncs().get(1).state()).isEqualTo(SyncState.UNREADABLE);
        assertThat(convergence.syncs().get(1).detail()).contains("/mysql-discovery/sync/p2:6032").contains("mode");
    }

    @Test
    void a_status_written_before_the_mode_field_existed_is_an_apply_sync_and_waited_for() {
        Convergence convergence = ConvergenceRules.evaluate(Z,
                List.of(read("p1:6032", "{\"proxysql\":\"p1:6032\",\"appliedZxid\":100,\"blind\":false}")));

        assertThat(convergence.confirmed()).isTrue();
        assertThat(convergence.waitedFor()).isEqualTo(1);
    }

    @Test
    void an_unreadable_status_is_waited_for_and_only_dry_run_is_not() {
        assertThat(ConvergenceRules.waitedFor(null)).isTrue();
        assertThat(ConvergenceRules.waitedFor(SyncMode.APPLY)).isTrue();
        assertThat(ConvergenceRules.waitedFor(SyncMode.DRY_RUN)).isFalse();
    }
}
