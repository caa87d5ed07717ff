package org.mysqldiscovery.health.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HysteresisTest {

    /**
     * rounds: P = passing round, F = failing round; expected: H = healthy (registered), U = not, after each round.
     */
    @ParameterizedTest(name = "rise {0} fall {1}: {2} -> {3}")
    @CsvSource({
            // The first round after start or a role change decides at once.
            "2, 1, P,          H",
            "2, 1, F,          U",
            // Quick to remove (fall 1), slow to add back (rise 2).
            "2, 1, PFP,        HUU",
            "2, 1, PFPP,       HUUH",
            "2, 1, PFPFPP,     HUUUUH",
            // A failing first round needs rise passes like any failure.
            "2, 1, FP,         UU",
            "2, 1, FPP,        UUH",
            "3, 1, FPPP,       UUUH",
            // fall 2: one failing round is smoothed away, two remove.
            "2, 2, PF,         HH",
            "2, 2, PFP,        HHH",
            "2, 2, PFF,        HHU",
            "2, 2, PFPF,       HHHH",
            // rise 1 fall 1: follows every round.
            "1, 1, PFPF,       HUHU",
            })
    void rounds_are_smoothed_by_rise_and_fall(int rise, int fall, String rounds, String expected) {
        Hysteresis h = Hysteresis.fresh(rise, fall);
        List<Character> seen = new ArrayList<>();
        for (char round : rounds.toCharArray()) {
            h = h.observe(round == 'P');
            seen.add(h.healthy() ? 'H' : 'U');
        }
        StringBuilder actual = new StringBuilder();
        seen.forEach(actual::append);
        assertThat(actual.toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} fresh state is not healthy before any round")
    @CsvSource({"1, 1", "2, 1", "5, 5"})
    void a_fresh_state_is_not_healthy_before_any_round(int rise, int fall) {
        assertThat(Hysteresis.fresh(rise, fall).healthy()).isFalse();
    }
}
