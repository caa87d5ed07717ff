package org.mysqldiscovery.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BearerAuthTest {
    private static final String TOKEN = "s3cret-token-0123456789";
    private final BearerAuth auth = BearerAuth.token(TOKEN);

    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("the right token", "Bearer " + TOKEN, null),
                Arguments.of("the scheme in another case", "bearer " + TOKEN, null),
                Arguments.of("no header", null, "missing Authorization header"),
                Arguments.of("an empty header", "", "missing Authorization header"),
                Arguments.of("basic auth", "Basic dXNlcjpwYXNz", "not a bearer token"),
                Arguments.of("the token without the scheme", TOKEN, "not a bearer token"),
                Arguments.of("a wrong token", "Bearer s3cret-token-0123456780", "wrong bearer token"),
                Arguments.of("a prefix of the token", "Bearer s3cret", "wrong bearer token"),
                Arguments.of("the token with a suffix", "Bearer " + TOKEN + "x", "wrong bearer token"),
                Arguments.of("an empty token", "Bearer ", "wrong bearer token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void headers(String name, String header, String refusal) {
        if (refusal == null) {
            assertThat(auth.refuse(header)).isEmpty();
        } else {
            assertThat(auth.refuse(header)).hasValueSatisfying(reason -> {
                assertThat(reason).contains(refusal);
                assertThat(reason).doesNotContain(TOKEN).doesNotContain("s3cret");
            });
        }
    }

    @Test
    void disabled_auth_lets_everything_through() {
        assertThat(BearerAuth.disabled().refuse(null)).isEmpty();
        assertThat(BearerAuth.disabled().enabled()).isFalse();
    }
}
