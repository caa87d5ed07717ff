package org.mysqldiscovery.sync.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.sync.plan.Member;

class ViewBuilderTest {
    static final ZkLayout LAYOUT = ZkLayout.defaultLayout();
    static final String M = LAYOUT.mysqlRoot();
    static final String Q = LAYOUT.quarantineRoot();

    static byte[] registration(String host, int port, String schema, String role, int weight, int maxConnections) {
        return PayloadCodec.encode(new Registration(host, port, schema, role, "dc1", weight, maxConnections,
                Instant.parse("2025-01-01T00:00:00Z"), "1"));
    }

    static ViewBuilder.Node node(String path, byte[] data) {
        return new ViewBuilder.Node(path, 1, data);
    }

    @Test
    void a_good_registration_becomes_a_member_with_its_weight_and_datacenter() {
        ViewRead read = new ViewBuilder(LAYOUT).build(List.of(
                node(M + "/orders", new byte[0]),
                node(M + "/orders/primary", new byte[0]),
                node(M + "/orders/primary/db1:3306", registration("db1", 3306, "orders", "primary", 5, 6))),
                List.of());
        assertThat(read.view().members()).containsExactly(
                new Member(SchemaName.of("orders"), Role.PRIMARY, Instance.parse("db1:3306"), 5, 6, "dc1"));
        assertThat(read.problems()).isEmpty();
    }

    static Stream<Arguments> badRegistrations() {
        String path = M + "/orders/primary/db1:3306";
        return Stream.of(
                Arguments.of("empty payload", path, new byte[0], "payload is empty"),
                Arguments.of("garbage bytes", path, new byte[] {(byte) 0xff, 0, 1}, "unreadable"),
                Arguments.of("JSON null", path, "null".getBytes(StandardCharsets.UTF_8), "unreadable"),
                Arguments.of("JSON array", path, "[1,2]".getBytes(StandardCharsets.UTF_8), "unreadable"),
                Arguments.of("oversized payload", path, new byte[200_000], "exceeds"),
                Arguments.of("negative weight", path,
                        ("{\"host\":\"db1\",\"port\":3306,\"schema\":\"orders\",\"role\":\"primary\",\"weight\":-1,"
                                + "\"registeredAt\":\"2025-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8),
                        "weight"),
                Arguments.of("payload names another instance", path,
                        registration("db2", 3306, "orders", "primary", 0, 0), "payload names instance db2:3306"),
                Arguments.of("payload names another schema", path,
                        registration("db1", 3306, "users", "primary", 0, 0), "payload names schema users"),
                Arguments.of("payload names another role", path,
                        registration("db1", 3306, "orders", "replica", 0, 0), "payload names role replica"),
                Arguments.of("bad schema in the path", M + "/Orders/primary/db1:3306",
                        registration("db1", 3306, "orders", "primary", 0, 0), "not a registration path"),
                Arguments.of("bad role in the path", M + "/orders/master/db1:3306",
                        registration("db1", 3306, "orders", "primary", 0, 0), "not a registration path"),
                Arguments.of("bad instance in the path", M + "/orders/primary/db1",
                        registration("db1", 3306, "orders", "primary", 0, 0), "not a registration path"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRegistrations")
    void a_bad_registration_is_ignored_and_reported_with_its_path(String name, String path, byte[] data,
            String problem) {
        ViewRead read = new ViewBuilder(LAYOUT).build(List.of(node(path, data),
                node(M + "/orders/replica/db3:3306", registration("db3", 3306, "orders", "replica", 0, 0))),
                List.of());
        assertThat(read.view().members()).extracting(Member::instance).containsExactly(Instance.parse("db3:3306"));
        assertThat(read.problems()).containsOnlyKeys(path);
        assertThat(read.problems().get(path)).contains(problem);
    }

    @Test
    void a_quarantine_counts_by_presence_even_with_a_bad_payload() {
        byte[] good = PayloadCodec.encode(new QuarantineRecord("failover", "role-agent", Instant.EPOCH, null));
        ViewRead read = new ViewBuilder(LAYOUT).build(List.of(), List.of(
                node(Q, new byte[0]),
                node(Q + "/db1:3306", good),
                node(Q + "/db2:3306", "garbage".getBytes(StandardCharsets.UTF_8)),
                node(Q + "/not-an-instance", good)));
        assertThat(read.view().quarantined()).containsExactlyInAnyOrder(Instance.parse("db1:3306"),
                Instance.parse("db2:3306"));
        assertThat(read.problems()).containsOnlyKeys(Q + "/db2:3306", Q + "/not-an-instance");
    }

    @Test
    void an_unchanged_node_is_decoded_once_and_a_changed_one_again() {
        ViewBuilder builder = new ViewBuilder(LAYOUT);
        String path = M + "/orders/replica/db1:3306";
        builder.build(List.of(new ViewBuilder.Node(path, 7, registration("db1", 3306, "orders", "replica", 1, 1))),
                List.of());
        ViewRead changed = builder.build(List.of(new ViewBuilder.Node(path, 8,
                registration("db1", 3306, "orders", "replica", 9, 9))), List.of());
        assertThat(changed.view().members()).extracting(Member::weight).containsExactly(9);
        ViewRead gone = builder.build(List.of(), List.of());
        assertThat(gone.view().members()).isEmpty();
    }

    @Test
    void each_member_says_at_which_zxid_its_registration_was_created_for_the_settle_window() {
        ViewBuilder builder = new ViewBuilder(LAYOUT);
        String path = M + "/orders/replica/db1:3306";
        // Rewritten at zxid 9 (an agent's PersistentNode adopting the node a previous session left), created at 7.
        ViewRead read = builder.build(List.of(new ViewBuilder.Node(path, 9, 7,
                registration("db1", 3306, "orders", "replica", 1, 1), null)), List.of());
        assertThat(read.createdZxid(read.view().members().get(0))).isEqualTo(7);
        assertThat(read.createdZxid(Member.of("orders", org.mysqldiscovery.common.model.Role.REPLICA, "db9:3306")))
                .as("a member the read does not hold").isEqualTo(-1);
        ViewRead unknown = builder.build(List.of(new ViewBuilder.Node(M + "/orders/replica/db2:3306", 9,
                registration("db2", 3306, "orders", "replica", 1, 1))), List.of());
        assertThat(unknown.createdZxid(unknown.view().members().get(0))).as("creation not known").isEqualTo(-1);
    }

    @Test
    void a_registration_whose_acl_lets_the_world_write_is_ignored_and_reported_as_untrusted() {
        ViewBuilder builder = new ViewBuilder(LAYOUT, RegistrationTrustTest.TRUST);
        String good = M + "/orders/replica/db2:3306";
        String hijack = M + "/orders/primary/evil:3306";
        ViewRead read = builder.build(List.of(
                new ViewBuilder.Node(good, 1, registration("db2", 3306, "orders", "replica", 1, 1),
                        RegistrationTrustTest.parse("digest:H:rw digest:O:rwcda digest:S:r")),
                new ViewBuilder.Node(hijack, 1, registration("evil", 3306, "orders", "primary", 1, 1),
                        RegistrationTrustTest.parse("world:anyone:rwcda")),
                new ViewBuilder.Node(M + "/orders/primary/db9:3306", 1,
                        registration("db9", 3306, "orders", "primary", 1, 1), null)),
                List.of());
        assertThat(read.view().members()).extracting(Member::instance).containsExactly(Instance.parse("db2:3306"));
        assertThat(read.untrusted()).containsExactlyInAnyOrder(hijack, M + "/orders/primary/db9:3306");
        assertThat(read.problems().get(hijack)).contains("world:anyone");
    }

    @Test
    void the_acl_is_judged_at_every_build_even_when_the_payload_is_remembered() {
        ViewBuilder builder = new ViewBuilder(LAYOUT, RegistrationTrustTest.TRUST);
        String path = M + "/orders/primary/db1:3306";
        byte[] data = registration("db1", 3306, "orders", "primary", 1, 1);
        assertThat(builder.build(List.of(new ViewBuilder.Node(path, 3, data,
                RegistrationTrustTest.parse("digest:H:rw"))), List.of()).view().members()).hasSize(1);
        assertThat(builder.build(List.of(new ViewBuilder.Node(path, 3, data,
                RegistrationTrustTest.parse("digest:H:rw world:anyone:w"))), List.of()).view().members()).isEmpty();
    }
}
