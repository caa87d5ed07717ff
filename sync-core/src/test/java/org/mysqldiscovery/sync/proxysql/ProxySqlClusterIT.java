package org.mysqldiscovery.sync.proxysql;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.sync.harness.AdminTarget;

/** ProxySQL Cluster as a second writer of mysql_servers, against the stand-in (or a real ProxySQL, see AdminTarget). */
class ProxySqlClusterIT {
    private static final String PEER_COMMENT = "mysql-discovery test peer";

    @TempDir
    Path dir;
    AdminTarget target;
    ProxySqlAdmin admin;
    ProxySqlApplier applier;
    String diffsBefore;

    @BeforeEach
    void start() throws Exception {
        target = AdminTarget.create(dir);
        admin = new ProxySqlAdmin(new AdminEndpoint(new Instance(target.host(), target.port()), target.user(),
                target.password(), 2_000, 10_000));
        applier = new ProxySqlApplier(admin, ProxySqlApplierIT.MAP.managedHostgroups());
        List<List<String>> rows = target.query("SELECT variable_value FROM global_variables WHERE variable_name='"
                + ClusterCheck.DIFFS_VARIABLE + "'");
        diffsBefore = rows.isEmpty() ? null : rows.get(0).get(0);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            target.execute("DELETE FROM proxysql_servers WHERE comment='" + PEER_COMMENT + "'");
            target.execute("LOAD PROXYSQL SERVERS TO RUNTIME");
            if (diffsBefore != null) {
                setDiffs(diffsBefore);
            }
        } finally {
            admin.close();
            target.close();
        }
    }

    private void setDiffs(String value) throws Exception {
        target.execute("UPDATE global_variables SET variable_value='" + value + "' WHERE variable_name='"
                + ClusterCheck.DIFFS_VARIABLE + "'");
        target.execute("LOAD ADMIN VARIABLES TO RUNTIME");
    }

    @Test
    void a_cluster_peer_syncing_mysql_servers_is_refused_and_sync_off_coexists() throws Exception {
        applier.checkOwnership();
        setDiffs("3");
        target.execute("INSERT INTO proxysql_servers (hostname, port, weight, comment) VALUES "
                + "('peer.invalid', 6032, 0, '" + PEER_COMMENT + "')");
        // The sync reads the peers in effect (runtime): the LOAD makes this one count.
        target.execute("LOAD PROXYSQL SERVERS TO RUNTIME");
        assertThatThrownBy(applier::checkOwnership).isInstanceOf(HostgroupConflictException.class)
                .hasMessageContaining("ProxySQL Cluster would copy mysql_servers")
                .hasMessageContaining("peer.invalid")
                .hasMessageContaining(ClusterCheck.DIFFS_VARIABLE + "=3");

        setDiffs("0");
        applier.checkOwnership();

        setDiffs("2");
        assertThatThrownBy(applier::checkOwnership).isInstanceOf(HostgroupConflictException.class)
                .hasMessageContaining(ClusterCheck.DIFFS_VARIABLE + "=2");
        target.execute("DELETE FROM proxysql_servers WHERE comment='" + PEER_COMMENT + "'");
        target.execute("LOAD PROXYSQL SERVERS TO RUNTIME");
        applier.checkOwnership();
    }

    @Test
    void both_second_writers_are_named_in_one_refusal() throws Exception {
        setDiffs("3");
        target.execute("INSERT INTO proxysql_servers (hostname, port, weight, comment) VALUES "
                + "('peer.invalid', 6032, 0, '" + PEER_COMMENT + "')");
        target.execute("LOAD PROXYSQL SERVERS TO RUNTIME");
        target.execute("INSERT INTO mysql_replication_hostgroups (writer_hostgroup, reader_hostgroup, comment) "
                + "VALUES (9010, 9091, 'monitor')");
        assertThatThrownBy(applier::checkOwnership).isInstanceOf(HostgroupConflictException.class)
                .hasMessageContaining("hostgroup 9010 is a writer_hostgroup in mysql_replication_hostgroups")
                .hasMessageContaining("ProxySQL Cluster would copy mysql_servers");
    }
}
