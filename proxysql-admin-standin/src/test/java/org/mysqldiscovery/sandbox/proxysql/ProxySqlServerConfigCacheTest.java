package org.mysqldiscovery.sandbox.proxysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProxySqlServerConfigCacheTest {

    @Test
    void the_version_is_read_from_a_greeting() throws Exception {
        byte[] greeting = ServerPackets.greeting("5.5.30", 7, NativePassword.newScramble());
        assertThat(ProxySqlServerConfigCache.parseGreetingVersion(greeting, "here")).isEqualTo("5.5.30");
    }

    static Stream<Arguments> notGreetings() {
        return Stream.of(
                Arguments.of("an error packet", ServerPackets.error(1040, "08004", "Too many connections"),
                        "refused"),
                Arguments.of("protocol 9", new byte[] {9, 'x', 0}, "protocol 9"),
                Arguments.of("no NUL", new byte[] {10, '5', '.', '5'}, "NUL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notGreetings")
    void anything_but_a_greeting_is_refused(String name, byte[] payload, String mentions) {
        assertThatThrownBy(() -> ProxySqlServerConfigCache.parseGreetingVersion(payload, "here"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(mentions);
    }

    @Test
    void the_cached_variables_carry_the_version_connector_j_compares() {
        assertThat(ProxySqlServerConfigCache.adminVariables("8.0.11"))
                .containsEntry("server_version_string", "8.0.11")
                .containsEntry("auto_increment_increment", "1")
                .containsKeys("max_allowed_packet", "transaction_isolation", "character_set_server");
    }

    @Test
    void the_url_carries_all_three_properties_of_the_workaround() {
        assertThat(ProxySqlServerConfigCache.jdbcUrl("127.0.0.1", 6032))
                .startsWith("jdbc:mysql://127.0.0.1:6032/?")
                .contains("serverConfigCacheFactory=" + ProxySqlServerConfigCache.class.getName())
                .contains("cacheServerConfiguration=true")
                .contains("useLocalSessionState=true");
    }
}
