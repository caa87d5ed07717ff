package org.mysqldiscovery.health.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WatchdogRuleTest {
    @ParameterizedTest(name = "pass {0} ms, round {1} ms, registrar {2} ms -> {3}")
    @CsvSource(delimiter = '|', value = {
            "-1|-1|-1|''",
            "100|100|100|''",
            "1000|-1|-1|''",
            "1001|-1|-1|a reconcile pass (role files, decision) has run for 1001 ms, bound 1000 ms",
            "-1|5000|-1|''",
            "-1|5001|-1|a check round has run for 5001 ms, bound 5000 ms",
            "-1|-1|1001|a ZooKeeper registration change has run for 1001 ms, bound 1000 ms",
            "2000|6000|-1|a reconcile pass (role files, decision) has run for 2000 ms, bound 1000 ms"})
    void a_part_busy_past_its_bound_is_named_with_how_long(long pass, long round, long registrar, String first) {
        var why = WatchdogRule.stuck(pass, round, registrar, 1000, 5000);
        if (first.isEmpty()) {
            assertThat(why).isEmpty();
        } else {
            assertThat(why.get(0)).isEqualTo("watchdog: " + first);
        }
    }

    @ParameterizedTest
    @CsvSource({"2000,6000,2000,3", "2000,6000,-1,2"})
    void every_stuck_part_is_named(long pass, long round, long registrar, int count) {
        assertThat(WatchdogRule.stuck(pass, round, registrar, 1000, 5000)).hasSize(count);
    }
}
