package org.mysqldiscovery.common.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ZkAclPolicyTest {
    static final String H = "health-agent:" + "a".repeat(27) + "=";
    static final String R = "role-agent:" + "b".repeat(27) + "=";
    static final String S = "proxysql-sync:" + "c".repeat(27) + "=";
    static final String O = "operator:" + "d".repeat(27) + "=";
    static final String V = "observer:" + "f".repeat(27) + "=";
    static final ZkIdentities IDS = new ZkIdentities(List.of(H), List.of(R), List.of(S), List.of(O), List.of(V));
    final ZkAclPolicy policy = ZkAclPolicy.of(new ZkLayout("/md"), IDS);

    /** r read, c create, d delete, w write (setData), a admin (setACL). */
    @ParameterizedTest(name = "{0}: health {2}, role {3}, sync {4}, operator {5}")
    @CsvSource({
            "/md,                          ROOT,                  rc,  rc,  rc,  rwcda",
            "/md/mysql,                    MYSQL_PARENT,          rc,  r,   r,   rwcda",
            "/md/mysql/orders,             MYSQL_PARENT,          rc,  r,   r,   rwcda",
            "/md/mysql/orders/primary,     ROLE_PARENT,           rcd, r,   r,   rwcda",
            "/md/mysql/orders/primary/db1:3306, REGISTRATION,     rw,  r,   r,   rwcda",
            "/md/mysql/orders/primary/db1:3306/x, OTHER,          r,   r,   r,   rwcda",
            "/md/proxysql,                 PROXYSQL_PARENT,       rcd, r,   r,   rwcda",
            "/md/proxysql/px1:6033,        PROXYSQL_REGISTRATION, rw,  r,   r,   rwcda",
            "/md/quarantine,               QUARANTINE_PARENT,     r,   rc,  r,   rwcda",
            "/md/quarantine/db1:3306,      QUARANTINE,            r,   r,   r,   rwcda",
            "/md/sync,                     SYNC_PARENT,           r,   r,   rcd, rwcda",
            "/md/sync/px1:6032,            SYNC_STATUS,           r,   r,   rw,  rwcda",
            "/md/sync/px1:6032/x,          OTHER,                 r,   r,   r,   rwcda",
            "/md/elsewhere,                OTHER,                 r,   r,   r,   rwcda",
            "/md/mysqlx,                   OTHER,                 r,   r,   r,   rwcda",
    })
    void each_identity_holds_only_what_its_program_does(String path, ZkAclPolicy.NodeKind kind, String health,
            String role, String sync, String operator) {
        assertThat(policy.kindOf(path)).isEqualTo(kind);
        Map<String, String> granted = policy.aclFor(path).stream()
                .collect(Collectors.toMap(acl -> acl.getId().getId(), acl -> letters(acl.getPerms())));
        assertThat(granted).containsExactlyInAnyOrderEntriesOf(Map.of(H, health, R, role, S, sync, O, operator,
                V, "r"));
        assertThat(policy.aclFor(path)).allMatch(acl -> acl.getId().getScheme().equals("digest"));
    }

    @Test
    void ancestors_of_a_deep_root_are_root_nodes() {
        ZkAclPolicy deep = ZkAclPolicy.of(new ZkLayout("/a/b"), IDS);
        assertThat(deep.kindOf("/a")).isEqualTo(ZkAclPolicy.NodeKind.ROOT);
        assertThat(deep.kindOf("/a/b")).isEqualTo(ZkAclPolicy.NodeKind.ROOT);
        assertThat(deep.kindOf("/ab")).isEqualTo(ZkAclPolicy.NodeKind.OTHER);
    }

    @Test
    void nobody_but_operators_may_change_an_acl_and_the_world_gets_nothing() {
        for (String path : List.of("/md", "/md/mysql", "/md/mysql/o/primary/db:1", "/md/quarantine/db:1",
                "/md/sync/p:1")) {
            for (ACL acl : policy.aclFor(path)) {
                boolean admin = (acl.getPerms() & ZooDefs.Perms.ADMIN) != 0;
                assertThat(admin).as(path + " " + acl).isEqualTo(acl.getId().getId().equals(O));
            }
        }
    }

    @Test
    void one_identity_listed_under_two_kinds_gets_the_union_of_their_rights() {
        ZkAclPolicy merged = ZkAclPolicy.of(new ZkLayout("/md"),
                new ZkIdentities(List.of(H), List.of(H), List.of(S), List.of(O)));
        assertThat(merged.aclFor("/md/quarantine")).filteredOn(acl -> acl.getId().getId().equals(H))
                .singleElement().extracting(acl -> letters(acl.getPerms())).isEqualTo("rc");
    }

    @Test
    void observers_are_optional_and_read_only() {
        ZkIdentities without = new ZkIdentities(List.of(H), List.of(R), List.of(S), List.of(O));
        assertThat(without.observers()).isEmpty();
        assertThat(ZkAclPolicy.of(new ZkLayout("/md"), without).aclFor("/md/quarantine")).hasSize(4);
        assertThat(ZkAclPolicy.perms(ZkAclPolicy.NodeKind.ROOT, ZkIdentities.Kind.OBSERVER)).isEqualTo(ZooDefs.Perms.READ);
        assertThatThrownBy(() -> new ZkIdentities(List.of(H), List.of(R), List.of(S), List.of(O), List.of("bad")))
                .hasMessageContaining("identities.observers");
    }

    @Test
    void the_opt_out_writes_world_acls() {
        assertThat(ZkAclPolicy.open(new ZkLayout("/md")).aclFor("/md/quarantine/x:1"))
                .isEqualTo(ZooDefs.Ids.OPEN_ACL_UNSAFE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''", "nocolon", "user:short=", "us er:" + "aaaaaaaaaaaaaaaaaaaaaaaaaaa=", "user:" + "aaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "a:b:" + "aaaaaaaaaaaaaaaaaaaaaaaaaaa="})
    void a_malformed_digest_id_is_refused_with_its_field(String id) {
        assertThatThrownBy(() -> new ZkIdentities(List.of(id), List.of(R), List.of(S), List.of(O)))
                .hasMessageContaining("identities.healthAgents");
    }

    @Test
    void every_kind_needs_at_least_one_identity() {
        assertThatThrownBy(() -> new ZkIdentities(List.of(H), List.of(R), List.of(S), List.of()))
                .hasMessageContaining("identities.operators");
        assertThatThrownBy(() -> new ZkIdentities(List.of(H), null, List.of(S), List.of(O)))
                .hasMessageContaining("identities.roleAgents");
    }

    static String letters(int perms) {
        StringBuilder s = new StringBuilder();
        if ((perms & ZooDefs.Perms.READ) != 0) {
            s.append('r');
        }
        if ((perms & ZooDefs.Perms.WRITE) != 0) {
            s.append('w');
        }
        if ((perms & ZooDefs.Perms.CREATE) != 0) {
            s.append('c');
        }
        if ((perms & ZooDefs.Perms.DELETE) != 0) {
            s.append('d');
        }
        if ((perms & ZooDefs.Perms.ADMIN) != 0) {
            s.append('a');
        }
        return s.toString();
    }
}
