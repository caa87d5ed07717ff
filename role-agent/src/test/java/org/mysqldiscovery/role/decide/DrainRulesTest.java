package org.mysqldiscovery.role.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;

class DrainRulesTest {
    private static final Instance SELF = Instance.parse("db1:3306");
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of("a primary starts a lease of the asked length", CurrentRole.of(Role.PRIMARY),
                        new DrainRequest(SELF, "r", 10), new DrainDecision.Start(NOW.plusSeconds(10))),
                Arguments.of("the longest lease", CurrentRole.of(Role.PRIMARY), new DrainRequest(SELF, "r", 60),
                        new DrainDecision.Start(NOW.plusSeconds(60))),
                Arguments.of("a replica is not drained", CurrentRole.of(Role.REPLICA), new DrainRequest(SELF, "r", 10),
                        new DrainDecision.Refuse("role", "cannot drain: this instance is replica, not primary")),
                Arguments.of("a reporting replica is not drained", CurrentRole.of(Role.REPORTING_REPLICA),
                        new DrainRequest(SELF, "r", 10), new DrainDecision.Refuse("role",
                                "cannot drain: this instance is reporting-replica, not primary")),
                Arguments.of("an unknown role is not drained", CurrentRole.unreadable("missing"),
                        new DrainRequest(SELF, "r", 10), new DrainDecision.Refuse("role",
                                "cannot drain: the current role is unknown: missing")),
                Arguments.of("another instance is refused", CurrentRole.of(Role.PRIMARY),
                        new DrainRequest(Instance.parse("db9:3306"), "r", 10), new DrainDecision.Refuse("instance",
                                "the request is for db9:3306 but this agent serves db1:3306")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void decisions(String name, CurrentRole current, DrainRequest request, DrainDecision expected) {
        assertThat(DrainRules.decide(SELF, current, request, NOW)).isEqualTo(expected);
    }
}
