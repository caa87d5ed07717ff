package org.mysqldiscovery.role.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.role.decide.DrainRequest;
import org.mysqldiscovery.role.decide.RoleRequest;

class RequestParserTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_full_promotion_body_is_parsed() throws Exception {
        RoleRequest request = RequestParser.parseRole(utf8("{\"role\":\"primary\",\"instance\":\"db2:3306\","
                + "\"reason\":\"failover\",\"expectedRole\":\"replica\",\"supersedes\":\"db1:3306\","
                + "\"recoveryUid\":\"1700000000:abcdef0123\"}"));
        assertThat(request.role()).isEqualTo(Role.PRIMARY);
        assertThat(request.instance()).isEqualTo(Instance.parse("db2:3306"));
        assertThat(request.expectedRole()).isEqualTo(Role.REPLICA);
        assertThat(request.supersedes()).isEqualTo(Instance.parse("db1:3306"));
        assertThat(request.recoveryUid()).isEqualTo("1700000000:abcdef0123");
    }

    @Test
    void a_minimal_body_leaves_the_optional_fields_empty() throws Exception {
        RoleRequest request = RequestParser.parseRole(utf8(
                "{ \"role\" : \"reporting-replica\", \"instance\": \"[::1]:3306\", \"reason\": \"r\" }"));
        assertThat(request.role()).isEqualTo(Role.REPORTING_REPLICA);
        assertThat(request.expected()).isEmpty();
        assertThat(request.superseded()).isEmpty();
        assertThat(request.recoveryUid()).isNull();
    }

    @Test
    void an_empty_recovery_uid_counts_as_absent_so_that_a_promotion_never_fails_for_a_label() throws Exception {
        RoleRequest request = RequestParser.parseRole(utf8(
                "{\"role\":\"primary\",\"instance\":\"db2:3306\",\"reason\":\"r\",\"recoveryUid\":\"\"}"));
        assertThat(request.recoveryUid()).isNull();
    }

    static Stream<Arguments> hostile_role_bodies() {
        String ok = "\"instance\":\"db1:3306\",\"reason\":\"r\"";
        return Stream.of(
                Arguments.of("empty body", "", "body", "is empty"),
                Arguments.of("whitespace", "   ", "body", "must be a JSON object, not nothing"),
                Arguments.of("JSON null", "null", "body", "must be a JSON object, not null"),
                Arguments.of("array", "[1,2]", "body", "not an array"),
                Arguments.of("string", "\"primary\"", "body", "not a string"),
                Arguments.of("truncated", "{\"role\":\"primary\"", "body", "not valid JSON"),
                Arguments.of("trailing garbage", "{\"role\":\"primary\"," + ok + "} x", "body", ""),
                Arguments.of("two objects", "{\"role\":\"primary\"," + ok + "}{}", "body", "after the JSON object"),
                Arguments.of("missing role", "{" + ok + "}", "role", "is required"),
                Arguments.of("missing instance", "{\"role\":\"primary\",\"reason\":\"r\"}", "instance", "is required"),
                Arguments.of("missing reason", "{\"role\":\"primary\",\"instance\":\"db1:3306\"}", "reason",
                        "is required"),
                Arguments.of("blank reason", "{\"role\":\"primary\",\"instance\":\"db1:3306\",\"reason\":\"  \"}",
                        "reason", "is empty"),
                Arguments.of("role as a number", "{\"role\":1," + ok + "}", "role", "a whole number"),
                Arguments.of("role as a boolean", "{\"role\":true," + ok + "}", "role", "a boolean"),
                Arguments.of("role as null", "{\"role\":null," + ok + "}", "role", "null"),
                Arguments.of("role as an object", "{\"role\":{\"x\":\"primary\"}," + ok + "}", "role", "an object"),
                Arguments.of("role as an array", "{\"role\":[\"primary\"]," + ok + "}", "role", "an array"),
                Arguments.of("deeply nested", "{\"role\":" + "[".repeat(5000) + "]".repeat(5000) + "," + ok + "}",
                        "role", "an array"),
                Arguments.of("path traversal role", "{\"role\":\"../../etc\"," + ok + "}", "role",
                        "not one of primary"),
                Arguments.of("upper case role", "{\"role\":\"PRIMARY\"," + ok + "}", "role", "not one of primary"),
                Arguments.of("role with a newline", "{\"role\":\"primary\\n\"," + ok + "}", "role", "control characters"),
                Arguments.of("role with a NUL", "{\"role\":\"primary\\u0000\"," + ok + "}", "role", "\\u0000"),
                Arguments.of("role with spaces", "{\"role\":\" primary\"," + ok + "}", "role", "not one of"),
                Arguments.of("Cyrillic er look-alike", "{\"role\":\"\u0440rimary\"," + ok + "}", "role",
                        "look-alike"),
                Arguments.of("Cyrillic a look-alike", "{\"role\":\"prim\u0430ry\"," + ok + "}", "role", "\\u0430"),
                Arguments.of("fullwidth look-alike", "{\"role\":\"\uFF50rimary\"," + ok + "}", "role", "look-alike"),
                Arguments.of("zero-width joiner", "{\"role\":\"pri\u200Dmary\"," + ok + "}", "role", "look-alike"),
                Arguments.of("escaped look-alike", "{\"role\":\"\\u0440rimary\"," + ok + "}", "role", "look-alike"),
                Arguments.of("over-long role", "{\"role\":\"" + "p".repeat(5000) + "\"," + ok + "}", "body",
                        "too large"),
                Arguments.of("over-long reason", "{\"role\":\"primary\",\"instance\":\"db1:3306\",\"reason\":\""
                        + "r".repeat(1025) + "\"}", "reason", "longer than 1024"),
                Arguments.of("reason with a newline", "{\"role\":\"primary\",\"instance\":\"db1:3306\",\"reason\":"
                        + "\"a\\nb\"}", "reason", "control"),
                Arguments.of("reason with a bidi override", "{\"role\":\"primary\",\"instance\":\"db1:3306\","
                        + "\"reason\":\"a\u202Eb\"}", "reason", "formatting"),
                Arguments.of("reason with a lone surrogate", "{\"role\":\"primary\",\"instance\":\"db1:3306\","
                        + "\"reason\":\"a\\ud800b\"}", "reason", "surrogate"),
                Arguments.of("duplicate role", "{\"role\":\"replica\",\"role\":\"primary\"," + ok + "}", "role",
                        "more than once"),
                Arguments.of("unknown field", "{\"role\":\"primary\"," + ok + ",\"supersede\":\"db0:3306\"}",
                        "\"supersede\"", "unknown field"),
                Arguments.of("instance without port", "{\"role\":\"primary\",\"instance\":\"db1\",\"reason\":\"r\"}",
                        "instance", "no port"),
                Arguments.of("instance with path", "{\"role\":\"primary\",\"instance\":\"../db1:3306\","
                        + "\"reason\":\"r\"}", "instance", "not a valid host"),
                Arguments.of("instance with unicode", "{\"role\":\"primary\",\"instance\":\"d\u0431:3306\","
                        + "\"reason\":\"r\"}", "instance", "non-ASCII"),
                Arguments.of("instance port out of range", "{\"role\":\"primary\",\"instance\":\"db1:70000\","
                        + "\"reason\":\"r\"}", "instance", "out of range"),
                Arguments.of("instance as a number", "{\"role\":\"primary\",\"instance\":3306,\"reason\":\"r\"}",
                        "instance", "must be a string"),
                Arguments.of("supersedes on a demotion", "{\"role\":\"replica\"," + ok
                        + ",\"supersedes\":\"db0:3306\"}", "supersedes", "only allowed on a promotion"),
                Arguments.of("supersedes itself", "{\"role\":\"primary\"," + ok + ",\"supersedes\":\"db1:3306\"}",
                        "supersedes", "itself"),
                Arguments.of("supersedes garbage", "{\"role\":\"primary\"," + ok + ",\"supersedes\":\"x\"}",
                        "supersedes", "no port"),
                Arguments.of("expectedRole look-alike", "{\"role\":\"primary\"," + ok
                        + ",\"expectedRole\":\"r\u0435plica\"}", "expectedRole", "look-alike"),
                Arguments.of("recoveryUid with shell characters", "{\"role\":\"primary\"," + ok
                        + ",\"recoveryUid\":\"$(rm -rf /)\"}", "recoveryUid", "characters other than"),
                Arguments.of("recoveryUid too long", "{\"role\":\"primary\"," + ok + ",\"recoveryUid\":\""
                        + "1".repeat(257) + "\"}", "recoveryUid", "longer than 256"),
                Arguments.of("number too large", "{\"role\":\"primary\"," + ok + ",\"recoveryUid\":"
                        + "9".repeat(40) + "}", "body", "too large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void hostile_role_bodies(String name, String body, String field, String reasonPart) {
        assertThatThrownBy(() -> RequestParser.parseRole(utf8(body)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(reasonPart);
                });
    }

    @Test
    void a_body_that_is_not_utf8_is_refused() {
        byte[] latin1 = "{\"role\":\"pr\u00efmary\",\"instance\":\"db1:1\",\"reason\":\"r\"}"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> RequestParser.parseRole(latin1)).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void a_utf16_body_is_refused_rather_than_guessed() {
        byte[] utf16 = "{\"role\":\"primary\",\"instance\":\"db1:1\",\"reason\":\"r\"}"
                .getBytes(StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> RequestParser.parseRole(utf16)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void a_byte_order_mark_is_refused() {
        assertThatThrownBy(() -> RequestParser.parseRole(utf8("\uFEFF{\"role\":\"primary\"}")))
                .hasMessageContaining("byte order mark");
    }

    @Test
    void a_body_over_16_KiB_is_refused_even_if_it_got_this_far() {
        byte[] huge = new byte[16 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThatThrownBy(() -> RequestParser.parseRole(huge)).hasMessageContaining("exceeds");
    }

    @Test
    void a_drain_body_takes_the_default_lease_when_seconds_is_absent() throws Exception {
        DrainRequest request = RequestParser.parseDrain(utf8("{\"instance\":\"db1:3306\",\"reason\":\"switch\"}"), 10);
        assertThat(request.seconds()).isEqualTo(10);
        assertThat(request.instance()).isEqualTo(Instance.parse("db1:3306"));
    }

    static Stream<Arguments> hostile_drain_bodies() {
        String ok = "\"instance\":\"db1:3306\",\"reason\":\"r\"";
        return Stream.of(
                Arguments.of("{" + ok + ",\"seconds\":61}", "seconds", "out of range 1..60"),
                Arguments.of("{" + ok + ",\"seconds\":0}", "seconds", "out of range"),
                Arguments.of("{" + ok + ",\"seconds\":-5}", "seconds", "out of range"),
                Arguments.of("{" + ok + ",\"seconds\":10.5}", "seconds", "a fractional number"),
                Arguments.of("{" + ok + ",\"seconds\":\"10\"}", "seconds", "a string"),
                Arguments.of("{" + ok + ",\"seconds\":null}", "seconds", "null"),
                Arguments.of("{" + ok + ",\"seconds\":1e1}", "seconds", "fractional"),
                Arguments.of("{" + ok + ",\"seconds\":99999999999999999999}", "seconds", ""),
                Arguments.of("{" + ok + ",\"role\":\"primary\"}", "\"role\"", "unknown field"),
                Arguments.of("{\"reason\":\"r\"}", "instance", "is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void hostile_drain_bodies(String body, String field, String reasonPart) {
        assertThatThrownBy(() -> RequestParser.parseDrain(utf8(body), 10))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getMessage()).contains(reasonPart);
                    if (!field.isEmpty() && !body.contains("9999999")) {
                        assertThat(e.field()).isEqualTo(field);
                    }
                });
    }
}
