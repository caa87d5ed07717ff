package org.mysqldiscovery.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.sync.plan.SettleWindow.Change;

class SettleWindowTest {

    /** One observation: the view generation planned at a time, and what it should change. */
    record Step(long generation, long nowMillis, Change change, boolean holds) {
    }

    record Case(String name, long settleMillis, List<Step> steps) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("the first view opens the window, which closes after settleMillis", 1_000, List.of(
                        new Step(1, 0, Change.OPENED, true),
                        new Step(1, 999, Change.NONE, true),
                        new Step(1, 1_000, Change.CLOSED, false),
                        new Step(1, 5_000, Change.NONE, false))),
                new Case("a rebuilt view re-opens it", 1_000, List.of(
                        new Step(1, 0, Change.OPENED, true),
                        new Step(1, 2_000, Change.CLOSED, false),
                        new Step(2, 10_000, Change.OPENED, true),
                        new Step(2, 10_500, Change.NONE, true),
                        new Step(2, 11_000, Change.CLOSED, false))),
                new Case("a rebuild while open extends it from the new read", 1_000, List.of(
                        new Step(1, 0, Change.OPENED, true),
                        new Step(2, 800, Change.OPENED, true),
                        new Step(2, 1_500, Change.NONE, true),
                        new Step(2, 1_800, Change.CLOSED, false))),
                new Case("a window of 0 never opens", 0, List.of(
                        new Step(1, 0, Change.NONE, false),
                        new Step(2, 10, Change.NONE, false))),
                new Case("a clock that steps back keeps the window open until its time", 1_000, List.of(
                        new Step(1, 5_000, Change.OPENED, true),
                        new Step(1, 4_000, Change.NONE, true),
                        new Step(1, 6_000, Change.CLOSED, false)))
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void opens_on_a_new_view_and_closes_on_time(Case c) {
        SettleWindow window = new SettleWindow(c.settleMillis());
        for (Step step : c.steps()) {
            assertThat(window.observe(step.generation(), 100, step.nowMillis())).as("at %d ms", step.nowMillis())
                    .isEqualTo(step.change());
            assertThat(window.holdsRemovals()).as("holds at %d ms", step.nowMillis()).isEqualTo(step.holds());
        }
    }

    @Test
    void expire_closes_without_a_new_view_and_closes_at_says_when() {
        SettleWindow window = new SettleWindow(3_000);
        assertThat(window.closesAtMillis()).isEqualTo(Long.MAX_VALUE);
        window.observe(7, 100, 100);
        assertThat(window.closesAtMillis()).isEqualTo(3_100);
        assertThat(window.expire(3_099)).isEqualTo(Change.NONE);
        assertThat(window.expire(3_100)).isEqualTo(Change.CLOSED);
        assertThat(window.expire(3_200)).isEqualTo(Change.NONE);
        assertThat(window.closesAtMillis()).isEqualTo(Long.MAX_VALUE);
    }

    private static final Settling.Server ORDERS_A = new Settling.Server(
            org.mysqldiscovery.common.model.SchemaName.of("orders"), new HostPort("a", 3306));

    private static View viewOfA() {
        return new View(List.of(Member.of("orders", org.mysqldiscovery.common.model.Role.PRIMARY, "a:3306")),
                java.util.Set.of());
    }

    @Test
    void servers_seen_are_remembered_until_the_window_closes_or_reopens() {
        SettleWindow window = new SettleWindow(1_000);
        View view = viewOfA();
        window.saw(view, m -> 500, 0); // closed: nothing recorded
        assertThat(window.settling()).isEqualTo(Settling.NONE);
        window.observe(1, 100, 0);
        assertThat(window.settling().holdRemovals()).isTrue();
        assertThat(window.settling().seen()).isEmpty();
        window.saw(view, m -> 101, 0);
        assertThat(window.settling().seen()).containsExactly(ORDERS_A);
        window.observe(2, 200, 500); // a rebuild: the next view must show the server again
        assertThat(window.settling().seen()).isEmpty();
        window.saw(view, m -> 201, 0);
        window.expire(1_500);
        assertThat(window.settling()).isEqualTo(Settling.NONE);
        window.observe(3, 300, 2_000);
        assertThat(window.settling().seen()).isEmpty();
    }

    @Test
    void at_start_a_visible_registration_counts_as_seen_so_a_withdrawal_right_after_a_restart_applies_at_once() {
        SettleWindow window = new SettleWindow(1_000);
        window.observe(1, 100, 0);
        window.saw(viewOfA(), m -> 42, 0);
        assertThat(window.settling().seen()).containsExactly(ORDERS_A);
    }

    @Test
    void after_a_recovery_a_registration_older_than_the_window_is_not_proof_of_life_however_often_it_is_seen() {
        // After a quorum loss the node of a session about to expire is still visible; its server may be dead.
        SettleWindow window = new SettleWindow(1_000);
        window.observe(1, 50, 0);
        window.expire(2_000);
        window.observe(2, 100, 5_000);
        window.saw(viewOfA(), m -> 100, 0);
        window.saw(viewOfA(), m -> 42, 0);
        window.saw(viewOfA(), m -> -1, 0); // unknown
        assertThat(window.settling().seen()).isEmpty();
        window.saw(viewOfA(), m -> 150, 0); // created again by a live session
        assertThat(window.settling().seen()).containsExactly(ORDERS_A);
    }

    @Test
    void after_a_recovery_old_registrations_vanishing_keep_the_window_open_half_a_window_longer_each() {
        // Old sessions expire in a wave on a loaded leader; each agent's new node comes only after its old one went.
        SettleWindow window = new SettleWindow(1_000);
        window.observe(1, 50, 0);
        window.expire(2_000);
        window.observe(2, 100, 5_000); // open until 6,000
        window.saw(viewOfAandB(), m -> 42, 5_100);
        window.saw(viewOfA(), m -> 42, 5_900); // B's old node went: open until 6,400
        assertThat(window.expire(6_000)).isEqualTo(Change.NONE);
        assertThat(window.settling().holdRemovals()).isTrue();
        window.saw(viewOfA(), m -> 42, 6_100); // nothing more vanished
        assertThat(window.expire(6_400)).isEqualTo(Change.CLOSED);
    }

    @Test
    void the_wave_keeps_the_window_open_four_windows_at_most() {
        SettleWindow window = new SettleWindow(1_000);
        window.observe(1, 50, 0);
        window.expire(2_000);
        window.observe(2, 100, 10_000);
        for (long t = 10_000; t < 20_000; t += 200) {
            window.saw(viewOfAandB(), m -> 42, t);
            window.saw(viewOfA(), m -> 42, t + 100); // B vanishes again and again
        }
        assertThat(window.closesAtMillis()).isEqualTo(14_000);
    }

    @Test
    void new_registrations_vanishing_or_a_window_at_start_do_not_extend_it() {
        SettleWindow fresh = new SettleWindow(1_000);
        fresh.observe(1, 50, 0);
        fresh.expire(2_000);
        fresh.observe(2, 100, 5_000);
        fresh.saw(viewOfAandB(), m -> 150, 5_100); // created after the window opened: a drain is news
        fresh.saw(viewOfA(), m -> 150, 5_900);
        assertThat(fresh.closesAtMillis()).isEqualTo(6_000);
        SettleWindow atStart = new SettleWindow(1_000);
        atStart.observe(1, 100, 0);
        atStart.saw(viewOfAandB(), m -> 42, 100);
        atStart.saw(viewOfA(), m -> 42, 900);
        assertThat(atStart.closesAtMillis()).isEqualTo(1_000);
    }

    private static View viewOfAandB() {
        return new View(List.of(Member.of("orders", org.mysqldiscovery.common.model.Role.PRIMARY, "a:3306"),
                Member.of("orders", org.mysqldiscovery.common.model.Role.REPLICA, "b:3306")), java.util.Set.of());
    }

    @Test
    void a_negative_window_is_refused() {
        assertThatThrownBy(() -> new SettleWindow(-1)).hasMessageContaining("negative");
    }
}
