package org.mysqldiscovery.sync.proxysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.sandbox.proxysql.ConnectionPool;
import org.mysqldiscovery.sync.harness.AdminTarget;
import org.mysqldiscovery.sync.plan.Plan;
import org.mysqldiscovery.sync.plan.RowKey;

/**
 * A write in flight on the primary when the sync removes it from the writer hostgroup (issue 19): with the drain it
 * completes on the old primary and the removal (after which the sync confirms) comes after it; without the drain its
 * answer is lost and ProxySQL would re-send it to the next writer. Against the stand-in, whose connection pool is
 * the test-only channel a client uses to put a query in flight.
 */
class WriterDrainIT {
    static final int WRITERS = 9010;

    @TempDir
    Path dir;
    AdminTarget target;
    ProxySqlAdmin admin;
    ConnectionPool pool;

    @BeforeEach
    void start() throws Exception {
        target = AdminTarget.create(dir);
        Assumptions.assumeTrue(target.isStandIn(), "needs the stand-in's pool to put a query in flight");
        pool = target.standIn().orElseThrow().connectionPool();
        admin = new ProxySqlAdmin(new AdminEndpoint(new Instance(target.host(), target.port()), target.user(),
                target.password(), 2_000, 10_000));
    }

    @AfterEach
    void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        target.close();
    }

    private ProxySqlApplier applier(Duration drainBound) throws AdminException {
        ProxySqlApplier applier = new ProxySqlApplier(admin, ProxySqlApplierIT.MAP.managedHostgroups(), drainBound);
        Plan initial = ProxySqlApplierIT.PLANNER.plan(ProxySqlApplierIT.view("orders/primary/db1:3306",
                "orders/replica/db2:3306"), applier.read().config());
        applier.apply(initial.diff(), initial.desired(), initial.drainFirst());
        return applier;
    }

    private Plan switchover(ProxySqlApplier applier) throws AdminException {
        return ProxySqlApplierIT.PLANNER.plan(ProxySqlApplierIT.view("orders/replica/db2:3306"),
                applier.read().config());
    }

    @Test
    void a_write_in_flight_on_the_leaving_primary_finishes_there_once_and_the_removal_comes_after_it()
            throws Exception {
        ProxySqlApplier applier = applier(Duration.ofSeconds(5));
        ConnectionPool.Query write = pool.begin(WRITERS).orElseThrow();
        assertThat(write.instance()).isEqualTo("db1:3306");
        Plan drain = switchover(applier);
        assertThat(drain.drainFirst()).hasSize(1);

        CompletableFuture<ApplyResult> applying = CompletableFuture.supplyAsync(() -> {
            try {
                return applier.apply(drain.diff(), drain.desired(), drain.drainFirst());
            } catch (AdminException e) {
                throw new IllegalStateException(e);
            }
        });
        // ProxySQL sends no new write to the leaving primary (held: no ONLINE writer) while the old one runs on.
        await().atMost(Duration.ofSeconds(10)).until(() -> target.query(
                "SELECT status FROM runtime_mysql_servers WHERE hostgroup_id=" + WRITERS).equals(
                        java.util.List.of(java.util.List.of("OFFLINE_SOFT"))));
        assertThat(pool.begin(WRITERS)).isEmpty();
        assertThat(target.query("SELECT ConnUsed FROM stats_mysql_connection_pool WHERE hostgroup=" + WRITERS))
                .containsExactly(java.util.List.of("1"));
        assertThat(applying).isNotDone();

        boolean lost = write.finish();
        ApplyResult result = applying.get(10, TimeUnit.SECONDS);

        assertThat(lost).as("the answer of the write in flight was lost (ProxySQL would re-send it)").isFalse();
        assertThat(pool.lostAnswers()).isZero();
        assertThat(result.drain().rows()).isEqualTo(1);
        assertThat(result.drain().timedOut()).isFalse();
        assertThat(target.routed(WRITERS, WRITERS)).isEmpty();
    }

    @Test
    void without_the_drain_the_removal_loses_the_answer_of_the_write_in_flight() throws Exception {
        // The behaviour before issue 19 (drainInFlightMaxMillis 0): the defect the drain exists for.
        ProxySqlApplier applier = applier(Duration.ZERO);
        ConnectionPool.Query write = pool.begin(WRITERS).orElseThrow();
        Plan drain = switchover(applier);

        applier.apply(drain.diff(), drain.desired(), drain.drainFirst());

        assertThat(write.finish()).as("answer lost: ProxySQL re-sends the write to the next writer").isTrue();
        assertThat(pool.lostAnswers()).isEqualTo(1);
    }

    @Test
    void a_write_that_outlasts_the_bound_does_not_hold_the_failover() throws Exception {
        ProxySqlApplier applier = applier(Duration.ofMillis(50));
        ConnectionPool.Query write = pool.begin(WRITERS).orElseThrow();
        Plan drain = switchover(applier);

        ApplyResult result = applier.apply(drain.diff(), drain.desired(), drain.drainFirst());

        assertThat(result.drain().timedOut()).isTrue();
        assertThat(result.drain().stillUsed()).isEqualTo(1);
        assertThat(write.finish()).isTrue();
        assertThat(target.routed(WRITERS, WRITERS)).isEmpty();
    }

    @Test
    void with_nothing_in_flight_the_primary_leaves_without_waiting() throws Exception {
        ProxySqlApplier applier = applier(Duration.ofSeconds(5));
        Plan drain = switchover(applier);

        ApplyResult result = applier.apply(drain.diff(), drain.desired(), drain.drainFirst());

        assertThat(result.drain().rows()).isEqualTo(1);
        assertThat(result.drain().timedOut()).isFalse();
        // Well under the 5 s bound (10x margin on a busy machine: no wall-clock bound tighter than that).
        assertThat(result.drain().millis()).isLessThan(5_000);
        Map<RowKey, Integer> inUse = admin.readConnectionsInUse(java.util.Set.of(WRITERS, 9011));
        assertThat(inUse).containsEntry(new RowKey(9011, "db2", 3306), 0);
        assertThat(Optional.ofNullable(inUse.get(new RowKey(WRITERS, "db1", 3306)))).isEmpty();
    }
}
