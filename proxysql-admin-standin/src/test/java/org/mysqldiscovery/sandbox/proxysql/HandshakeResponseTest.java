package org.mysqldiscovery.sandbox.proxysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HandshakeResponseTest {
    private static final int CAPS = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION
            | Capabilities.PLUGIN_AUTH | Capabilities.CONNECT_WITH_DB;

    private static PayloadWriter header(int capabilities) {
        return new PayloadWriter().int4(capabilities).int4(1 << 24).int1(33).zeros(23);
    }

    @Test
    void a_response_with_database_and_plugin_is_read_field_by_field() throws Exception {
        byte[] token = new byte[20];
        token[3] = 7;
        byte[] payload = header(CAPS).nulString("admin").int1(20).bytes(token).nulString("main")
                .nulString("mysql_native_password").toByteArray();
        HandshakeResponse response = HandshakeResponse.parse(payload);
        assertThat(response.user()).isEqualTo("admin");
        assertThat(response.authResponse()).isEqualTo(token);
        assertThat(response.database()).contains("main");
        assertThat(response.authPlugin()).contains("mysql_native_password");
        assertThat(response.sslRequest()).isFalse();
    }

    @Test
    void a_length_encoded_auth_response_is_read_when_the_client_says_so() throws Exception {
        int caps = Capabilities.PROTOCOL_41 | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.PLUGIN_AUTH;
        byte[] payload = header(caps).nulString("u").lenencBytes(new byte[] {1, 2, 3})
                .nulString("caching_sha2_password").toByteArray();
        HandshakeResponse response = HandshakeResponse.parse(payload);
        assertThat(response.authResponse()).containsExactly(1, 2, 3);
        assertThat(response.authPlugin()).contains("caching_sha2_password");
        assertThat(response.database()).isEmpty();
    }

    @Test
    void the_short_ssl_request_is_recognised() throws Exception {
        HandshakeResponse response = HandshakeResponse.parse(header(CAPS | Capabilities.SSL).toByteArray());
        assertThat(response.sslRequest()).isTrue();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty", new byte[0], "capability flags"),
                Arguments.of("three bytes", new byte[] {1, 2, 3}, "capability flags"),
                Arguments.of("pre-4.1 client", header(Capabilities.SECURE_CONNECTION).nulString("u").toByteArray(),
                        "CLIENT_PROTOCOL_41"),
                Arguments.of("cut in the filler", new PayloadWriter().int4(CAPS).int4(0).int1(33).zeros(5)
                        .toByteArray(), "filler"),
                Arguments.of("no NUL after the user", header(CAPS).restString("admin").toByteArray(), "user name"),
                Arguments.of("auth length beyond the end", header(CAPS).nulString("u").int1(200).bytes(new byte[3])
                        .toByteArray(), "auth data"),
                Arguments.of("lenenc auth length beyond the end",
                        header(Capabilities.PROTOCOL_41 | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA).nulString("u")
                                .int1(0xfd).int3(0xffffff).toByteArray(), "auth data"),
                Arguments.of("no SSL flag in a short packet", header(CAPS).toByteArray(), "SSL"),
                Arguments.of("an oversized user", header(CAPS).nulString("u".repeat(300)).int1(0).toByteArray(),
                        "user name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void garbage_is_refused_with_a_message_that_says_where(String name, byte[] payload, String mentions) {
        assertThatThrownBy(() -> HandshakeResponse.parse(payload))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining(mentions);
    }
}
