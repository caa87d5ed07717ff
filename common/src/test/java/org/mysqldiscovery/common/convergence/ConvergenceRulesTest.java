package org.mysqldiscovery.role.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.model.SyncStatus;
import org.mysqldiscovery.role.decide.Convergence.SyncState;

class ConvergenceRulesTest {
    private static final long Z = 100;

    private static SyncObservation sync(String node, long applied, boolean blind, String mode) {
        return SyncObservation.of(node, new SyncStatus(node, mode, "d", Instant.EPOCH, applied, blind, Map.of(), "v"));
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
}
