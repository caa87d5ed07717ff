package org.mysqldiscovery.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RuntimeCheckTest {
    static final ServerRow A = new ServerRow(10, "a", 3306, 0, "ONLINE", 1, 0, 1000, 0, 0, 0, "x");
    static final ServerRow B = new ServerRow(11, "b", 3306, 0, "ONLINE", 1, 0, 1000, 0, 0, 0, "x");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("identical", List.of(A, B), List.of(A, B), true),
                Arguments.of("ProxySQL shunned a server on its own", List.of(A, B),
                        List.of(A, B.withStatus("SHUNNED")), true),
                Arguments.of("a deleted server lingers as OFFLINE_HARD", List.of(A),
                        List.of(A, B.withStatus("OFFLINE_HARD")), true),
                Arguments.of("a wanted server is OFFLINE_HARD", List.of(A, B),
                        List.of(A, B.withStatus("OFFLINE_HARD")), false),
                Arguments.of("a wanted server is OFFLINE_SOFT", List.of(A, B),
                        List.of(A, B.withStatus("OFFLINE_SOFT")), false),
                Arguments.of("missing from runtime", List.of(A, B), List.of(A), false),
                Arguments.of("extra in runtime", List.of(A), List.of(A, B), false),
                Arguments.of("weight differs", List.of(A), List.of(
                        new ServerRow(10, "a", 3306, 0, "ONLINE", 2, 0, 1000, 0, 0, 0, "x")), false),
                Arguments.of("comment differs", List.of(A), List.of(
                        new ServerRow(10, "a", 3306, 0, "ONLINE", 1, 0, 1000, 0, 0, 0, "y")), false),
                Arguments.of("both empty", List.of(), List.of(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void runtime_matches_leniently(String name, List<ServerRow> desired, List<ServerRow> runtime, boolean matches) {
        assertThat(RuntimeCheck.matches(desired, runtime)).isEqualTo(matches);
        assertThat(RuntimeCheck.mismatches(desired, runtime).isEmpty()).isEqualTo(matches);
    }
}
