package org.mysqldiscovery.sandbox.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerModeTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "Zookeeper version: 3.9.5\\nLatency min/avg/max: 0/0.0/0\\nMode: leader\\nNode count: 5\\n | LEADER",
        "Mode: follower | FOLLOWER",
        "Mode: standalone\\n | STANDALONE",
        "Mode: observer | OBSERVER",
        "  Mode:   LEADER   | LEADER",
        "Mode: read-only | NOT_SERVING",
        "Mode: | NOT_SERVING",
        "This ZooKeeper instance is not currently serving requests\\n | NOT_SERVING",
        "srvr is not executed because it is not in the whitelist. | NOT_SERVING",
        "Mode leader | NOT_SERVING",
    })
    void srvr_answers_are_read_by_their_mode_line(String answer, ServerMode expected) {
        assertThat(ServerMode.fromSrvr(answer.replace("\\n", "\n"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"\u0000\u0001\u00ff binary", "Mode: " + "x"})
    void absent_or_garbage_answers_mean_not_serving(String answer) {
        assertThat(ServerMode.fromSrvr(answer)).isEqualTo(ServerMode.NOT_SERVING);
    }

    @ParameterizedTest
    @ValueSource(ints = {100_000, 2_000_000})
    void oversized_answers_do_not_break_the_parser(int size) {
        String huge = "x".repeat(size) + "\nMode: follower\n";
        assertThat(ServerMode.fromSrvr(huge)).isEqualTo(ServerMode.FOLLOWER);
    }
}
