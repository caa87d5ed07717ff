package org.mysqldiscovery.role.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;

class RoleRulesTest {
    private static final Instance SELF = Instance.parse("db2:3306");
    private static final Instance OLD = Instance.parse("db1:3306");
    private static final CurrentRole PRIMARY = CurrentRole.of(Role.PRIMARY);
    private static final CurrentRole REPLICA = CurrentRole.of(Role.REPLICA);
    private static final CurrentRole REPORTING = CurrentRole.of(Role.REPORTING_REPLICA);
    private static final CurrentRole UNREADABLE = CurrentRole.unreadable("role: is empty");

    private static RoleRequest request(Role role, Instance instance, Role expected, Instance supersedes) {
        return new RoleRequest(role, instance, "test", expected, supersedes, "uid-1");
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                // name, current, request, fenceOnDemotion, expected decision
                Arguments.of("promotion of a replica", REPLICA, request(Role.PRIMARY, SELF, null, null), true,
                        new RoleDecision.Change(Role.REPLICA, Role.PRIMARY, null, false)),
                Arguments.of("promotion with supersedes quarantines the old primary", REPLICA,
                        request(Role.PRIMARY, SELF, null, OLD), true,
                        new RoleDecision.Change(Role.REPLICA, Role.PRIMARY, OLD, false)),
                Arguments.of("repeated promotion with supersedes is a no-op: no second quarantine", PRIMARY,
                        request(Role.PRIMARY, SELF, null, OLD), true, new RoleDecision.Unchanged(Role.PRIMARY)),
                Arguments.of("demotion of a primary fences", PRIMARY, request(Role.REPLICA, SELF, null, null), true,
                        new RoleDecision.Change(Role.PRIMARY, Role.REPLICA, null, true)),
                Arguments.of("demotion to reporting replica fences", PRIMARY,
                        request(Role.REPORTING_REPLICA, SELF, null, null), true,
                        new RoleDecision.Change(Role.PRIMARY, Role.REPORTING_REPLICA, null, true)),
                Arguments.of("demotion without fencing when it is off", PRIMARY,
                        request(Role.REPLICA, SELF, null, null), false,
                        new RoleDecision.Change(Role.PRIMARY, Role.REPLICA, null, false)),
                Arguments.of("replica to reporting replica does not fence", REPLICA,
                        request(Role.REPORTING_REPLICA, SELF, null, null), true,
                        new RoleDecision.Change(Role.REPLICA, Role.REPORTING_REPLICA, null, false)),
                Arguments.of("unreadable file to replica fences: it may have been writable", UNREADABLE,
                        request(Role.REPLICA, SELF, null, null), true,
                        new RoleDecision.Change(null, Role.REPLICA, null, true)),
                Arguments.of("unreadable file to primary is written", UNREADABLE,
                        request(Role.PRIMARY, SELF, null, OLD), true,
                        new RoleDecision.Change(null, Role.PRIMARY, OLD, false)),
                Arguments.of("same role is unchanged", REPLICA, request(Role.REPLICA, SELF, null, null), true,
                        new RoleDecision.Unchanged(Role.REPLICA)),
                Arguments.of("compare-and-set that matches", REPLICA, request(Role.PRIMARY, SELF, Role.REPLICA, null),
                        true, new RoleDecision.Change(Role.REPLICA, Role.PRIMARY, null, false)),
                Arguments.of("compare-and-set that matches an unchanged role", REPLICA,
                        request(Role.REPLICA, SELF, Role.REPLICA, null), true,
                        new RoleDecision.Unchanged(Role.REPLICA)),
                Arguments.of("compare-and-set that does not match", REPORTING,
                        request(Role.PRIMARY, SELF, Role.REPLICA, null), true,
                        new RoleDecision.Refuse("expectedRole",
                                "expected role replica but the current role is reporting-replica")),
                Arguments.of("compare-and-set mismatch wins over the idempotent repeat", PRIMARY,
                        request(Role.PRIMARY, SELF, Role.REPLICA, null), true,
                        new RoleDecision.Refuse("expectedRole",
                                "expected role replica but the current role is primary")),
                Arguments.of("compare-and-set on an unreadable file", UNREADABLE,
                        request(Role.PRIMARY, SELF, Role.REPLICA, null), true,
                        new RoleDecision.Refuse("expectedRole",
                                "expected role replica but the current role is unknown: role: is empty")),
                Arguments.of("another instance is refused", REPLICA, request(Role.PRIMARY, OLD, null, null), true,
                        new RoleDecision.Refuse("instance",
                                "the request is for db1:3306 but this agent serves db2:3306")),
                Arguments.of("another spelling of this host is another instance", REPLICA,
                        request(Role.PRIMARY, Instance.parse("DB2:3306"), null, null), true,
                        new RoleDecision.Refuse("instance",
                                "the request is for DB2:3306 but this agent serves db2:3306")),
                Arguments.of("instance mismatch wins over everything", PRIMARY,
                        request(Role.PRIMARY, Instance.parse("db2:3307"), null, null), true,
                        new RoleDecision.Refuse("instance",
                                "the request is for db2:3307 but this agent serves db2:3306")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void decisions(String name, CurrentRole current, RoleRequest request, boolean fence, RoleDecision expected) {
        assertThat(RoleRules.decide(SELF, current, request, fence)).isEqualTo(expected);
    }
}
