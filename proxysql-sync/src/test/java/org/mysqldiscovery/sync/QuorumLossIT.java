package org.mysqldiscovery.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.mysqldiscovery.common.metrics.Telemetry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.sync.harness.AdminTarget;
import org.mysqldiscovery.sync.harness.Agents;
import org.mysqldiscovery.sync.harness.SyncConfigBuilder;

/** A three-node ZooKeeper ensemble loses its quorum: the sync goes blind, changes nothing, and converges after. */
class QuorumLossIT {
    @TempDir
    Path dir;
    TestingCluster cluster;
    AdminTarget admin;
    Agents agents;
    SyncService sync;

    @BeforeEach
    void start() throws Exception {
        cluster = new TestingCluster(3);
        cluster.start();
        admin = AdminTarget.create(dir);
        System.out.println("[QuorumLossIT] running against " + admin.describe());
        agents = new Agents(cluster.getConnectString());
        sync = new SyncService(new SyncConfigBuilder(dir).zookeeper(cluster.getConnectString()).admin(admin)
                .schema("orders", 9010, 9011, null).build(), Telemetry.forProgram("proxysql-sync", "test"), Clock.systemUTC());
        sync.start();
    }

    @AfterEach
    void stop() throws Exception {
        sync.close();
        agents.close();
        admin.close();
        cluster.close();
    }

    @Test
    void quorum_lost_changes_nothing_and_quorum_regained_converges() throws Exception {
        agents.register("orders", Role.PRIMARY, "db1:3306");
        agents.register("orders", Role.REPLICA, "db2:3306");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> admin.routed(9010, 9011).equals(List.of("9010 db1:3306", "9011 db2:3306")));
        // The apply ends with SAVE … TO DISK after runtime is verified: let it finish before watching.
        // (The test's own queries go through the stand-in too: compare positions, not the last statement.)
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<String> seen = admin.statements();
            int lastLoad = -1;
            int lastSave = -1;
            for (int i = 0; i < seen.size(); i++) {
                lastLoad = seen.get(i).startsWith("LOAD MYSQL SERVERS TO RUNTIME") ? i : lastLoad;
                lastSave = seen.get(i).startsWith("SAVE MYSQL SERVERS TO DISK") ? i : lastSave;
            }
            return seen.isEmpty() || lastSave > lastLoad;
        });
        admin.clearStatements();
        long versionBefore = admin.serversVersion();

        List<InstanceSpec> lost = cluster.getInstances().stream().limit(2).toList();
        for (InstanceSpec spec : lost) {
            cluster.killServer(spec);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> sync.report().blind());
        assertThat(sync.report().blindReason()).contains("ZooKeeper");
        // Even asked for a full pass, a blind sync writes nothing.
        sync.reconciler().requestFullPass();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sync.report().blind());
        assertThat(admin.statements()).noneMatch(s -> s.startsWith("REPLACE") || s.startsWith("DELETE")
                || s.startsWith("LOAD") || s.startsWith("SAVE"));
        assertThat(admin.serversVersion()).isEqualTo(versionBefore);
        assertThat(admin.routed(9010, 9011)).containsExactly("9010 db1:3306", "9011 db2:3306");
        assertThat(sync.reconciler().metrics().guardTrips(org.mysqldiscovery.sync.page.ConditionKind.BLIND))
                .isGreaterThanOrEqualTo(1);

        for (InstanceSpec spec : lost) {
            cluster.restartServer(spec);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !sync.report().blind());
        long zxid = agents.register("orders", Role.REPLICA, "db3:3306");
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
            var status = agents.syncStatus(admin.host(), admin.port());
            return status != null && status.appliedZxid() >= zxid;
        });
        assertThat(admin.routed(9010, 9011)).containsExactly("9010 db1:3306", "9011 db2:3306", "9011 db3:3306");
    }
}
