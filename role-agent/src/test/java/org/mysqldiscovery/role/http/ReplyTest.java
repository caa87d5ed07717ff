package org.mysqldiscovery.role.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mysqldiscovery.role.service.Outcome;

/** The service's outcomes become the status codes the hooks act on (docs/DESIGN.md, role API) here only. */
class ReplyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "DONE,          200",
            "REFUSED,       409",
            "CANCELLED,     409",
            "BUSY,          503",
            "UNREADABLE,    503",
            "NOT_WRITTEN,   500",
            "NOT_CONFIRMED, 504"})
    void each_outcome_is_answered_with_its_status_code(Outcome.Kind kind, int status) {
        Reply reply = Reply.of(Outcome.error(kind, "role", "why"));
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.body()).containsExactly(Map.entry("error", "why"), Map.entry("field", "role"));
    }

    @Test
    void every_outcome_has_a_status_code() {
        assertThat(Arrays.stream(Outcome.Kind.values()).map(Reply::status)).allMatch(s -> s >= 200 && s < 600);
    }
}
