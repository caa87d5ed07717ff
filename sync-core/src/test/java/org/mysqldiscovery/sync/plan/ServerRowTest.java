package org.mysqldiscovery.sync.plan;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServerRowTest {
    interface Build {
        ServerRow build();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("negative hostgroup", (Build) () -> row(-1, "a", 1, "ONLINE", 1, ""), "negative"),
                Arguments.of("null hostname", (Build) () -> row(1, null, 1, "ONLINE", 1, ""), "hostname is NULL"),
                Arguments.of("port out of range", (Build) () -> row(1, "a", 70000, "ONLINE", 1, ""), "port"),
                Arguments.of("unknown status", (Build) () -> row(1, "a", 1, "UP", 1, ""), "status"),
                Arguments.of("null status", (Build) () -> row(1, "a", 1, null, 1, ""), "status"),
                Arguments.of("weight too big", (Build) () -> row(1, "a", 1, "ONLINE", 10_000_001, ""), "weight"),
                Arguments.of("null comment", (Build) () -> row(1, "a", 1, "ONLINE", 1, null), "comment is NULL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalid_rows_are_refused_with_the_reason(String name, Build build, String message) {
        assertThatThrownBy(build::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    static ServerRow row(int hg, String host, int port, String status, int weight, String comment) {
        return new ServerRow(hg, host, port, 0, status, weight, 0, 1000, 0, 0, 0, comment);
    }
}
