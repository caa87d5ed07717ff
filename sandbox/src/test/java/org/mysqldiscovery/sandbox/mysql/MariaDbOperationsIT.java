package org.mysqldiscovery.sandbox.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.sandbox.TestDirs;
import org.mysqldiscovery.sandbox.process.ProcessSupervisor;

/** The cluster operations against three real MariaDB servers; each test leaves all three running and replicating. */
class MariaDbOperationsIT {

    private static Path dir;
    private static ProcessSupervisor supervisor;
    private static MariaDbCluster cluster;
    private static final List<Promotion> promotions = new CopyOnWriteArrayList<>();
    private static final AtomicInteger rows = new AtomicInteger();

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Files.createTempDirectory("mariadb-ops-it");
        supervisor = new ProcessSupervisor(dir);
        Files.writeString(dir.resolve("repl.pw"), "replpw\n");
        Files.writeString(dir.resolve("agent.pw"), "agentpw\n");
        AtomicInteger ids = new AtomicInteger(100);
        cluster = new MariaDbCluster("ops", 3, 0, dir.resolve("mysql"), MariaDbTemplate.forBinaries(MariaDbBinaries.locate()),
                supervisor, ids::incrementAndGet,
                new Credentials("repl", "replpw", dir.resolve("repl.pw")), new Credentials("agent", "agentpw", dir.resolve("agent.pw")));
        cluster.addPromotionListener(promotions::add);
        cluster.start();
        System.out.printf("3 MariaDB servers replicating after %d ms%n", cluster.startupTime().orElseThrow().toMillis());
        cluster.primary().execute("CREATE TABLE sandbox.t (id INT PRIMARY KEY, origin VARCHAR(30))");
    }

    @AfterAll
    static void stopCluster() {
        Set<Long> pids = supervisor.pidsEverStarted();
        cluster.close();
        cluster.close(); // idempotent
        supervisor.close();
        TestDirs.delete(dir);
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
    }

    /** Writes a row on the current primary and waits until every running server has it. */
    private static void assertReplicatesEverywhere() {
        int id = rows.incrementAndGet();
        MariaDbServer primary = cluster.primary();
        primary.execute("INSERT INTO sandbox.t VALUES (" + id + ", '" + primary.name() + "')");
        for (MariaDbServer s : cluster.servers()) {
            if (s.isRunning()) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(s.queryValue("SELECT origin FROM sandbox.t WHERE id = " + id)).as(s.name()).isEqualTo(primary.name()));
            }
        }
    }

    @Test
    void a_planned_promotion_makes_the_replica_writable_and_the_old_primary_replicates_from_it() {
        MariaDbServer oldPrimary = cluster.primary();
        MariaDbServer newPrimary = cluster.replicas().get(0);
        MariaDbServer other = cluster.replicas().get(1);

        Promotion p = cluster.promote(newPrimary);
        System.out.printf("planned promotion took %d ms%n", p.took().toMillis());

        assertThat(p.planned()).isTrue();
        assertThat(p.oldPrimary()).isEqualTo(oldPrimary.instance());
        assertThat(p.newPrimary()).isEqualTo(newPrimary.instance());
        assertThat(p.repointed()).containsExactlyInAnyOrder(oldPrimary.instance(), other.instance());
        assertThat(promotions).last().isEqualTo(p);
        assertThat(cluster.primary()).isSameAs(newPrimary);
        assertThat(newPrimary.role()).isEqualTo(ServerRole.PRIMARY);
        assertThat(oldPrimary.role()).isEqualTo(ServerRole.REPLICA);
        assertThat(newPrimary.readOnly()).isFalse();
        assertThat(newPrimary.replicaStatus()).isEmpty();
        assertThat(oldPrimary.readOnly()).isTrue();
        for (MariaDbServer s : List.of(oldPrimary, other)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(s.replicaStatus()).hasValueSatisfying(st -> {
                assertThat(st.source()).isEqualTo(newPrimary.instance());
                assertThat(st.replicating()).isTrue();
            }));
        }
        assertReplicatesEverywhere();
    }

    @Test
    void a_failover_from_a_killed_primary_repoints_the_survivors_and_the_old_primary_can_rejoin() {
        MariaDbServer dead = cluster.primary();
        MariaDbServer newPrimary = cluster.replicas().get(1);
        MariaDbServer other = cluster.replicas().get(0);
        assertReplicatesEverywhere();

        cluster.kill9(dead);
        assertThat(dead.isRunning()).isFalse();
        Promotion p = cluster.promote(newPrimary);

        assertThat(p.planned()).isFalse();
        assertThat(p.repointed()).containsExactly(other.instance());
        assertThat(p.notRepointed()).containsExactly(dead.instance());
        assertReplicatesEverywhere();

        // Orchestrator never fences a crashed primary: it comes back writable, alone.
        cluster.start(dead, false);
        assertThat(dead.readOnly()).isFalse();
        assertThat(dead.replicaStatus()).isEmpty();
        cluster.setReadOnly(dead, true);
        cluster.repoint(dead);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dead.replicaStatus())
                .hasValueSatisfying(st -> assertThat(st.source()).isEqualTo(newPrimary.instance())));
        assertReplicatesEverywhere();
    }

    @Test
    void stopped_replication_and_created_lag_show_in_show_slave_status() {
        MariaDbServer replica = cluster.replicas().get(0);

        cluster.stopReplication(replica);
        ReplicaStatus stopped = cluster.replicaStatus(replica).orElseThrow();
        assertThat(stopped.ioRunning()).isEqualTo("No");
        assertThat(stopped.sqlRunning()).isEqualTo("No");
        assertThat(stopped.secondsBehindMaster()).isEmpty();

        cluster.startReplication(replica);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(cluster.replicaStatus(replica).orElseThrow().replicating()).isTrue());

        cluster.createLag(replica, Duration.ofSeconds(3));
        assertThat(cluster.replicaStatus(replica).orElseThrow().sqlDelaySeconds()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                assertThat(cluster.replicaStatus(replica).orElseThrow().secondsBehindMaster().orElse(-1)).isGreaterThanOrEqualTo(2));

        cluster.clearLag(replica);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ReplicaStatus st = cluster.replicaStatus(replica).orElseThrow();
            assertThat(st.sqlDelaySeconds()).isZero();
            assertThat(st.secondsBehindMaster()).hasValue(0);
        });
        assertReplicatesEverywhere();
    }

    @Test
    void a_stopped_replica_restarts_read_only_and_resumes_replication() {
        MariaDbServer replica = cluster.replicas().get(1);
        long before = replica.pid();
        cluster.stopMysqld(replica);
        assertThat(replica.isRunning()).isFalse();
        assertReplicatesEverywhere();

        cluster.start(replica);
        assertThat(replica.pid()).isNotEqualTo(before);
        assertThat(replica.readOnly()).isTrue();
        assertReplicatesEverywhere();
    }
}
