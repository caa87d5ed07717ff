package org.mysqldiscovery.health.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

class DeciderTest {
    private static final Target REPLICA = new Target.Mysql(SchemaName.of("orders"), Role.REPLICA);
    private static final long NOW = Instant.parse("2025-01-01T12:00:00Z").toEpochMilli();
    private static final List<CheckResult> OPEN_GATES = List.of(
            new CheckResult(CheckNames.ROLE_FILES, CheckStatus.PASS, "ok", 0),
            new CheckResult(CheckNames.QUARANTINE, CheckStatus.PASS, "ok", 0),
            new CheckResult(CheckNames.DRAIN, CheckStatus.PASS, "ok", 0));

    private static RoundResult round(long completedAgoMillis, CheckResult... checks) {
        Instant at = Instant.ofEpochMilli(NOW - completedAgoMillis);
        return new RoundResult(1, REPLICA, List.of(checks), FencingOutcome.notNeeded(at), at, at);
    }

    private static CheckResult pass(String name) {
        return new CheckResult(name, CheckStatus.PASS, "fine", 1);
    }

    private static Hysteresis healthy() {
        return Hysteresis.fresh(2, 1).observe(true);
    }

    @Test
    void a_healthy_fresh_round_with_open_gates_registers() {
        Decider.Decision d = Decider.decide(REPLICA, OPEN_GATES, healthy(), round(10, pass(CheckNames.MYSQLD)),
                5_000, NOW);
        assertThat(d.register()).isEqualTo(REPLICA);
        assertThat(d.whyNot()).isEmpty();
    }

    @Test
    void every_closed_gate_is_named_and_blocks_even_a_healthy_server() {
        List<CheckResult> gates = List.of(
                new CheckResult(CheckNames.QUARANTINE, CheckStatus.FAIL, "quarantined by role-agent", 0),
                new CheckResult(CheckNames.DRAIN, CheckStatus.FAIL, "drained until later", 0));
        Decider.Decision d = Decider.decide(REPLICA, gates, healthy(), round(10, pass(CheckNames.MYSQLD)), 5_000,
                NOW);
        assertThat(d.register()).isNull();
        assertThat(d.whyNot()).containsExactly("quarantine: quarantined by role-agent", "drain: drained until later");
    }

    @Test
    void an_unknown_quarantine_blocks() {
        List<CheckResult> gates = List.of(new CheckResult(CheckNames.QUARANTINE, CheckStatus.UNKNOWN,
                "not read yet", 0));
        assertThat(Decider.decide(REPLICA, gates, healthy(), round(10, pass(CheckNames.MYSQLD)), 5_000, NOW)
                .register()).isNull();
    }

    @Test
    void no_round_for_the_role_yet_blocks_and_says_so() {
        Decider.Decision d = Decider.decide(REPLICA, OPEN_GATES, Hysteresis.fresh(2, 1), null, 5_000, NOW);
        assertThat(d.register()).isNull();
        assertThat(d.whyNot()).singleElement().asString().contains("no round completed yet");
    }

    @Test
    void a_stale_round_blocks_even_when_it_passed() {
        Decider.Decision d = Decider.decide(REPLICA, OPEN_GATES, healthy(), round(6_000, pass(CheckNames.MYSQLD)),
                5_000, NOW);
        assertThat(d.register()).isNull();
        assertThat(d.whyNot()).singleElement().asString().contains("stalled");
    }

    @Test
    void failing_checks_are_named_when_unhealthy() {
        CheckResult failing = new CheckResult(CheckNames.REPLICATION, CheckStatus.FAIL, "SQL thread is No", 2);
        Hysteresis unhealthy = healthy().observe(false);
        Decider.Decision d = Decider.decide(REPLICA, OPEN_GATES, unhealthy, round(10, pass(CheckNames.MYSQLD),
                failing), 5_000, NOW);
        assertThat(d.register()).isNull();
        assertThat(d.whyNot()).containsExactly("replication: SQL thread is No");
    }

    @Test
    void a_rising_server_says_how_many_passing_rounds_it_has() {
        Hysteresis rising = healthy().observe(false).observe(true);
        Decider.Decision d = Decider.decide(REPLICA, OPEN_GATES, rising, round(10, pass(CheckNames.MYSQLD)), 5_000,
                NOW);
        assertThat(d.register()).isNull();
        assertThat(d.whyNot()).singleElement().asString().contains("rise: 1 of 2");
    }

    @Test
    void with_fall_two_one_failing_round_keeps_the_registration() {
        Hysteresis h = Hysteresis.fresh(2, 2).observe(true).observe(false);
        CheckResult failing = new CheckResult(CheckNames.MYSQLD, CheckStatus.FAIL, "timeout", 1000);
        assertThat(Decider.decide(REPLICA, OPEN_GATES, h, round(10, failing), 5_000, NOW).register())
                .isEqualTo(REPLICA);
    }

    @Test
    void unreadable_role_files_never_register() {
        List<CheckResult> gates = List.of(new CheckResult(CheckNames.ROLE_FILES, CheckStatus.FAIL,
                "/x/role: \"primry\" is invalid", 0));
        Decider.Decision d = Decider.decide(null, gates, healthy(), null, 5_000, NOW);
        assertThat(d.register()).isNull();
        assertThat(d.whyNot()).containsExactly("roleFiles: /x/role: \"primry\" is invalid");
    }
}
