package org.mysqldiscovery.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.cli.support.CliRun;
import org.mysqldiscovery.cli.support.CliRun.Result;
import org.mysqldiscovery.cli.support.ZkFixture;
import org.mysqldiscovery.cli.view.ViewReader;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

/** {@code wait-converged} against a real ZooKeeper, with sync status nodes written as a sync would. */
class WaitConvergedCommandIT {
    ZkFixture zk;

    @BeforeEach
    void start() throws Exception {
        zk = new ZkFixture();
        zk.register("orders", Role.PRIMARY, "db1:3306");
        zk.register("orders", Role.REPLICA, "db2:3306");
        zk.register("users", Role.PRIMARY, "db5:3306");
    }

    @AfterEach
    void stop() throws Exception {
        zk.close();
    }

    Result waitConverged(String... extra) {
        String[] args = new String[extra.length + 3];
        args[0] = "wait-converged";
        args[1] = "--zookeeper=" + zk.connectString();
        args[2] = "--allow-unauthenticated";
        System.arraycopy(extra, 0, args, 3, extra.length);
        return CliRun.run(args);
    }

    long viewZxid() throws Exception {
        return new ViewReader(zk.client(), zk.layout()).read(java.util.Optional.empty()).zxid();
    }

    @Test
    void json_says_converged_with_the_zxid_and_the_syncs_counted() throws Exception {
        long zxid = viewZxid();
        zk.sync("proxy1:6032", zxid, false, "apply", Map.of());
        zk.sync("proxy2:6032", zxid, false, "dry-run", Map.of());

        Result r = waitConverged("--timeout", "5s", "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"converged\" : true", "\"viewZxid\" : " + zxid, "\"liveSyncs\" : 1",
                "\"laggards\" : [ ]", "\"reason\" : null");
    }

    @Test
    void json_on_a_timeout_names_the_laggards_and_exits_1() throws Exception {
        long zxid = viewZxid();
        zk.sync("proxy1:6032", 1, true, "apply", Map.of());

        Result r = waitConverged("--timeout", "0s", "--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("\"converged\" : false", "\"viewZxid\" : " + zxid,
                "proxy1:6032 (applied zxid 1, blind)", "\"reason\" : \"not converged on zxid " + zxid);
        assertThat(r.err()).contains("laggards: proxy1:6032");
    }

    @Test
    void returns_at_once_when_every_sync_has_applied_the_view() throws Exception {
        long zxid = viewZxid();
        zk.sync("proxy1:6032", zxid, false, "apply", Map.of());
        zk.sync("proxy2:6032", zxid + 100, false, "apply", Map.of());

        Result r = waitConverged("--timeout", "5s");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("converged: 2 sync(s) applied the view at zxid " + zxid);
        assertThat(r.took()).isLessThan(Duration.ofSeconds(10 * 2)); // 10x its budget (busy CI)
    }

    @Test
    void times_out_with_exit_1_listing_the_laggards() throws Exception {
        long zxid = viewZxid();
        zk.sync("proxy1:6032", zxid, false, "apply", Map.of());
        zk.sync("proxy2:6032", zxid - 1, false, "apply", Map.of());
        zk.sync("proxy3:6032", zxid, true, "apply", Map.of());

        Result r = waitConverged("--timeout", "300ms");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: not converged on zxid " + zxid + " within 300 ms; laggards:"
                + " proxy2:6032 (applied zxid " + (zxid - 1) + "), proxy3:6032 (applied zxid " + zxid + ", blind)\n");
        assertThat(r.took()).isBetween(Duration.ofMillis(300), Duration.ofSeconds(3));
    }

    @Test
    void returns_as_soon_as_the_laggard_catches_up() throws Exception {
        zk.quarantine("db2:3306", "maintenance"); // the change being waited for
        long zxid = viewZxid();
        zk.sync("proxy1:6032", zxid, false, "apply", Map.of());
        zk.sync("proxy2:6032", 0, false, "apply", Map.of());

        CompletableFuture<Result> waiting = CompletableFuture.supplyAsync(() -> waitConverged("--timeout", "20s"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        zk.sync("proxy2:6032", zxid, false, "apply", Map.of());
        long caughtUp = System.nanoTime();

        Result r = waiting.get();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        // 10x its budget: a busy CI machine must not fail this, a hang still does.
        assertThat(Duration.ofNanos(System.nanoTime() - caughtUp)).isLessThan(Duration.ofSeconds(10 * 1));
    }

    @Test
    void a_change_after_the_start_does_not_move_the_target() throws Exception {
        long zxid = viewZxid();
        zk.sync("proxy1:6032", zxid, false, "apply", Map.of());
        zk.register("orders", Role.REPLICA, "db3:3306");
        assertThat(viewZxid()).isGreaterThan(zxid);

        // The target is the view when the command starts: it starts now, so it waits for the new change.
        Result r = waitConverged("--timeout", "200ms");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void with_a_schema_only_its_changes_and_quarantines_count() throws Exception {
        long ordersZxid = new ViewReader(zk.client(), zk.layout())
                .read(java.util.Optional.of(SchemaName.of("orders"))).zxid();
        zk.register("users", Role.REPLICA, "db6:3306");
        zk.sync("proxy1:6032", ordersZxid, false, "apply", Map.of());

        assertThat(waitConverged("--schema", "orders", "--timeout", "2s").exitCode()).isZero();
        assertThat(waitConverged("--schema", "users", "--timeout", "100ms").exitCode()).isEqualTo(1);
        Result unknown = waitConverged("--schema", "nosuch", "--timeout", "1s");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("schema nosuch is unknown");
    }

    @Test
    void dry_run_syncs_are_not_waited_for_and_malformed_statuses_are_laggards() throws Exception {
        long zxid = viewZxid();
        zk.sync("proxy1:6032", zxid, false, "apply", Map.of());
        zk.sync("proxy2:6032", -1, false, "dry-run", Map.of());
        assertThat(waitConverged("--timeout", "1s").exitCode()).isZero();

        zk.raw(zk.layout().syncRoot() + "/proxy3:6032", "{\"proxysql\":");
        Result r = waitConverged("--timeout", "100ms");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("proxy3:6032 (malformed status: ");
    }

    @Test
    void without_any_live_sync_nothing_can_be_confirmed_unless_allowed() {
        Result r = waitConverged("--timeout", "100ms");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no live sync under /mysql-discovery/sync", "--allow-no-syncs");

        Result allowed = waitConverged("--timeout", "100ms", "--allow-no-syncs");
        assertThat(allowed.exitCode()).isZero();
        assertThat(allowed.out()).startsWith("no live sync: nothing to wait for");
    }

    @Test
    void a_timeout_is_required() {
        Result r = waitConverged();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--timeout=DURATION'");
    }
}
