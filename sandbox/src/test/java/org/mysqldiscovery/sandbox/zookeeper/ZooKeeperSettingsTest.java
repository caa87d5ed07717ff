package org.mysqldiscovery.sandbox.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ZooKeeperSettingsTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5, 7})
    void odd_ensembles_up_to_seven_are_accepted(int nodes) {
        assertThat(ZooKeeperSettings.of(nodes).nodes()).isEqualTo(nodes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 | 200 | 64 | zookeeper nodes must be 1, 3, 5 or 7, not 0",
        "2 | 200 | 64 | not 2",
        "9 | 200 | 64 | not 9",
        "-3 | 200 | 64 | not -3",
        "1 | 9 | 64 | tickTimeMillis must be in 10..10000, not 9",
        "1 | 10001 | 64 | not 10001",
        "1 | 200 | 8 | heapMb must be in 16..4096, not 8",
    })
    void bad_settings_are_refused_with_the_reason(int nodes, int tick, int heap, String message) {
        assertThatThrownBy(() -> new ZooKeeperSettings(nodes, tick, heap, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void a_start_timeout_must_be_positive(long seconds) {
        assertThatThrownBy(() -> new ZooKeeperSettings(1, 200, 64, Duration.ofSeconds(seconds))).hasMessageContaining("startTimeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "info", "TRACE", "INFO\n<root/>", "OFF"})
    void a_server_log_level_outside_error_warn_info_debug_is_refused(String level) {
        assertThatThrownBy(() -> ZooKeeperSettings.of(3).withServerLogLevel(level))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serverLogLevel");
    }

    @org.junit.jupiter.api.Test
    void servers_log_at_info_unless_told_otherwise() {
        assertThat(ZooKeeperSettings.of(3).serverLogLevel()).isEqualTo("INFO");
        assertThat(ZooKeeperSettings.of(3).withServerLogLevel("ERROR").serverLogLevel()).isEqualTo("ERROR");
    }

    @ParameterizedTest
    @CsvSource({"200, 400", "10, 20", "3000, 6000"})
    void the_minimum_session_timeout_is_two_ticks(int tick, int expected) {
        assertThat(ZooKeeperSettings.of(1).withTickTimeMillis(tick).minSessionTimeoutMillis()).isEqualTo(expected);
    }
}
