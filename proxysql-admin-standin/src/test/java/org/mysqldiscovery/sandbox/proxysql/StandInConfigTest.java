package org.mysqldiscovery.sandbox.proxysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StandInConfigTest {
    private static final Path DIR = Path.of("/tmp/x");

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(" ", 0, "admin", "pw", 1024, 1, "bindAddress"),
                Arguments.of("127.0.0.1", -1, "admin", "pw", 1024, 1, "port: -1"),
                Arguments.of("127.0.0.1", 65536, "admin", "pw", 1024, 1, "port: 65536"),
                Arguments.of("127.0.0.1", 0, "", "pw", 1024, 1, "user"),
                Arguments.of("127.0.0.1", 0, "a\0b", "pw", 1024, 1, "user"),
                Arguments.of("127.0.0.1", 0, "u".repeat(65), "pw", 1024, 1, "user"),
                Arguments.of("127.0.0.1", 0, "admin", "p\0w", 1024, 1, "password"),
                Arguments.of("127.0.0.1", 0, "admin", "pw", 1023, 1, "maxPacketBytes"),
                Arguments.of("127.0.0.1", 0, "admin", "pw", 1024, 0, "handshakeTimeoutMillis"));
    }

    @ParameterizedTest(name = "{6}")
    @MethodSource("invalid")
    void invalid_values_are_refused_naming_the_field(String bind, int port, String user, String password,
                                                      int maxPacket, int timeout, String field) {
        assertThatThrownBy(() -> new StandInConfig(bind, port, user, password, DIR, maxPacket, timeout, 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field);
    }

    @Test
    void loopback_defaults_to_proxysqls_packet_limit_and_never_prints_the_password() {
        StandInConfig config = StandInConfig.loopback(0, "admin", "hunter2", DIR);
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.maxPacketBytes()).isEqualTo(64 * 1024 * 1024);
        assertThat(config.toString()).doesNotContain("hunter2");
        assertThat(config.withPort(6032).port()).isEqualTo(6032);
        assertThat(config.maxConnections()).isEqualTo(1024);
        assertThatThrownBy(() -> config.withLimits(1024, 1, 0)).hasMessageContaining("maxConnections");
    }
}
