package org.mysqldiscovery.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.core.metrics.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.health.registry.DesiredNode;
import org.mysqldiscovery.health.registry.Registrar;
import org.mysqldiscovery.health.testing.ZkServer;

/**
 * The watchdog against a real ZooKeeper: a stuck part (here: a reconcile pass that never ends) makes the watchdog's
 * own thread remove the registration, and its end lets the registration back.
 */
class WatchdogIT {
    private static ZkServer zk;

    @BeforeAll
    static void server() {
        zk = ZkServer.create(200, true);
    }

    @AfterAll
    static void stop() {
        zk.close();
    }

    @Test
    void a_stuck_reconcile_pass_makes_the_watchdog_remove_the_registration_and_its_end_restores_it() {
        CuratorFramework client = CuratorFrameworkFactory.newClient(zk.connectString(), 4000, 2000,
                new RetryNTimes(3, 100));
        client.start();
        Registrar registrar = new Registrar(client, () -> { });
        registrar.start();
        String path = "/wd/mysql/orders/replica/127.0.0.1:3306";
        DesiredNode node = new DesiredNode(path, "{}".getBytes(StandardCharsets.UTF_8));
        AtomicLong passBusy = new AtomicLong(-1);
        AtomicBoolean cleared = new AtomicBoolean();
        Counter trips = Counter.builder().name("trips").build();
        Watchdog watchdog = new Watchdog(passBusy::get, () -> -1, registrar::busyMillis, 1000, 5000, registrar,
                () -> cleared.set(true), trips);
        try {
            registrar.apply(node);
            await().atMost(Duration.ofSeconds(10)).until(() -> zk.exists(path));

            passBusy.set(1500); // the reconciler thread is stuck in its pass: it will not withdraw by itself
            watchdog.check();
            assertThat((long) trips.get()).isEqualTo(1);
            assertThat(watchdog.why()).singleElement().asString().contains("reconcile pass", "1500 ms");
            await().atMost(Duration.ofSeconds(10)).until(() -> !zk.exists(path));
            // The stuck reconciler's wish (still "registered") is not applied while the watchdog holds.
            registrar.apply(node);
            watchdog.check();
            assertThat((long) trips.get()).as("one trip, not one per look").isEqualTo(1);
            assertThat(registrar.status().path()).isNull();
            assertThat(zk.exists(path)).isFalse();

            passBusy.set(-1);
            watchdog.check();
            assertThat(watchdog.why()).isEmpty();
            assertThat(cleared).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> zk.exists(path));
        } finally {
            watchdog.close();
            registrar.close(2000);
            client.close();
        }
    }
}
