package org.mysqldiscovery.health.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

/** The round's rule table: which row decides each check, for each kind of observation. */
class RoundRulesTest {
    static final Target REPLICA = new Target.Mysql(SchemaName.of("orders"), Role.REPLICA);
    static final Target PRIMARY = new Target.Mysql(SchemaName.of("orders"), Role.PRIMARY);
    static final ReplicaStatus RUNNING = new ReplicaStatus("Yes", "Yes", 1L, "Seconds_Behind_Master", "", "");
    static final RoundRules.Criteria CRITERIA = new RoundRules.Criteria(null, false, true, 10_000, -1);
    static final RoundRules.Criteria STRICT = new RoundRules.Criteria("/var/lib/mysql/restored", true, true, 10_000,
            -1);

    /** A healthy replica, answered and read; each case changes one thing. */
    static Observation healthy(Target target) {
        boolean replica = target instanceof Target.Mysql m && !m.role().isPrimary();
        return new Observation(target, null, null, null, null, !(target instanceof Target.Mysql m && m.role()
                .isPrimary()), false, null, replica ? RUNNING : null, replica, null, null, Map.of());
    }

    static Observation down(Target target) {
        return new Observation(target, "Connection refused [0/08000]", null, null, null, null, false, null, null,
                false, null, null, Map.of());
    }

    record Case(String name, Observation seen, RoundRules.Criteria criteria, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** expected: check=rule:STATUS, for every check in table order. */
    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("a healthy replica passes every check it needs", healthy(REPLICA), CRITERIA,
                        "mysqld=answers:PASS restoreMarker=not-configured:SKIPPED bufferPool=not-required:SKIPPED "
                                + "roleConsistency=role-fits-server:PASS replication=threads-and-lag:PASS"),
                new Case("a primary skips replication", healthy(PRIMARY), CRITERIA,
                        "mysqld=answers:PASS restoreMarker=not-configured:SKIPPED bufferPool=not-required:SKIPPED "
                                + "roleConsistency=role-fits-server:PASS replication=primary:SKIPPED"),
                new Case("a silent server: what needs it is unknown, the marker is still judged", down(REPLICA),
                        STRICT, "mysqld=silent:FAIL restoreMarker=marker:FAIL bufferPool=server-down:UNKNOWN "
                                + "roleConsistency=server-down:UNKNOWN replication=server-down:UNKNOWN"),
                new Case("unreadable role files: the role checks are unknown", healthy(null), CRITERIA,
                        "mysqld=answers:PASS restoreMarker=not-configured:SKIPPED bufferPool=not-required:SKIPPED "
                                + "roleConsistency=role-unknown:UNKNOWN replication=role-unknown:UNKNOWN"),
                new Case("read_only unreadable fails the role's consistency",
                        new Observation(REPLICA, null, null, null, null, null, false, "cannot read read_only: x",
                                RUNNING, true, null, null, Map.of()), CRITERIA,
                        "mysqld=answers:PASS restoreMarker=not-configured:SKIPPED bufferPool=not-required:SKIPPED "
                                + "roleConsistency=read-only-unreadable:FAIL replication=threads-and-lag:PASS"),
                new Case("the replication row unreadable fails both role checks",
                        new Observation(REPLICA, null, null, null, null, true, false, null, null, false,
                                "cannot read the replication status: x", null, Map.of()), CRITERIA,
                        "mysqld=answers:PASS restoreMarker=not-configured:SKIPPED bufferPool=not-required:SKIPPED "
                                + "roleConsistency=replication-unreadable:FAIL replication=unreadable:FAIL"),
                new Case("a required buffer pool that cannot be read fails",
                        new Observation(PRIMARY, null, true, null, "timeout", false, false, null, null, false, null,
                                null, Map.of()), STRICT,
                        "mysqld=answers:PASS restoreMarker=marker:PASS bufferPool=unreadable:FAIL "
                                + "roleConsistency=role-fits-server:PASS replication=primary:SKIPPED"),
                new Case("a warm buffer pool and a restored server pass",
                        new Observation(PRIMARY, null, true, "Buffer pool(s) load completed at 251122 10:00:00", null,
                                false, false, null, null, false, null, null, Map.of()), STRICT,
                        "mysqld=answers:PASS restoreMarker=marker:PASS bufferPool=load-status:PASS "
                                + "roleConsistency=role-fits-server:PASS replication=primary:SKIPPED"),
                new Case("a replica that is not replicating fails both",
                        new Observation(REPLICA, null, null, null, null, true, false, null, null, true, null, null,
                                Map.of()), CRITERIA,
                        "mysqld=answers:PASS restoreMarker=not-configured:SKIPPED bufferPool=not-required:SKIPPED "
                                + "roleConsistency=role-fits-server:FAIL replication=threads-and-lag:FAIL"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void the_first_matching_row_of_each_check_decides(Case c) {
        String decided = RoundRules.judge(c.seen(), c.criteria()).stream()
                .map(j -> j.check() + "=" + j.rule() + ":" + j.verdict().status())
                .collect(Collectors.joining(" "));
        assertThat(decided).isEqualTo(c.expected());
    }

    @Test
    void every_check_ends_in_a_row_that_always_matches() {
        Observation strange = new Observation(REPLICA, null, null, null, null, true, false, null, null, true, null,
                null, Map.of());
        for (RoundRules.Criteria criteria : List.of(CRITERIA, STRICT)) {
            assertThat(RoundRules.judge(strange, criteria)).extracting(RoundRules.Judgement::check).containsExactly(
                    CheckNames.MYSQLD, CheckNames.RESTORE_MARKER, CheckNames.BUFFER_POOL, CheckNames.ROLE_CONSISTENCY,
                    CheckNames.REPLICATION);
        }
    }

    @Test
    void the_messages_are_the_ones_health_has_always_shown() {
        List<CheckResult> results = RoundRules.results(down(REPLICA), STRICT);
        assertThat(results).extracting(CheckResult::message).containsExactly(
                "does not answer: Connection refused [0/08000]",
                "marker /var/lib/mysql/restored does not exist: this server has not been restored from a backup yet",
                "not run: mysqld does not answer", "not run: mysqld does not answer",
                "not run: mysqld does not answer");
    }

    @Test
    void a_check_is_timed_by_the_reads_it_took_and_untimed_when_none_were_made() {
        Observation timed = new Observation(PRIMARY, null, null, null, null, false, false, null, null, false, null,
                null, Map.of(CheckNames.MYSQLD, 3L, CheckNames.ROLE_CONSISTENCY, 5L));
        assertThat(RoundRules.results(timed, CRITERIA)).extracting(CheckResult::durationMillis)
                .containsExactly(3L, 0L, 0L, 5L, 0L);
    }

    @Test
    void only_a_pass_on_a_measured_lag_renews_the_staleness_bound_and_a_primary_forgets_it() {
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        Observation measured = healthy(REPLICA);
        Freshness fresh = Freshness.NONE.after(measured, Verdict.pass("ok"), 10_000, t0);
        assertThat(fresh.boundMillis(t0.plusMillis(500))).isEqualTo(1_500);
        Observation jump = new Observation(REPLICA, null, null, null, null, true, false, null,
                new ReplicaStatus("Yes", "Yes", 30L, "Seconds_Behind_Master", "", ""), true, null, null, Map.of());
        assertThat(fresh.after(jump, Verdict.pass("granted by the bound"), 10_000, t0.plusSeconds(1)))
                .isEqualTo(fresh);
        assertThat(fresh.after(healthy(PRIMARY), Verdict.skipped("primary"), 10_000, t0.plusSeconds(1))
                .boundMillis(t0.plusSeconds(2))).isEqualTo(-1);
    }

    @ParameterizedTest(name = "quarantined={0}, read_only={1}, fencing={2} -> {3}")
    @MethodSource("fences")
    void a_quarantined_writable_server_is_fenced_when_allowed(boolean quarantined, Boolean readOnly,
            boolean enabled, String expected) {
        Observation seen = readOnly == null ? down(PRIMARY) : new Observation(PRIMARY, null, null, null, null,
                readOnly, true, null, null, false, null, null, Map.of());
        FenceRule.Decision decision = FenceRule.decide(quarantined, seen, enabled);
        String got = decision instanceof FenceRule.Fence fence ? "FENCE " + fence.what()
                : ((FenceRule.Settled) decision).action().name();
        assertThat(got).isEqualTo(expected);
    }

    static Stream<Arguments> fences() {
        return Stream.of(
                Arguments.of(false, false, true, "NOT_NEEDED"),
                Arguments.of(true, null, true, "UNKNOWN"),
                Arguments.of(true, true, true, "ALREADY_READ_ONLY"),
                Arguments.of(true, false, false, "DISABLED"),
                Arguments.of(true, false, true, "FENCE super_read_only=ON and read_only=ON"));
    }
}
