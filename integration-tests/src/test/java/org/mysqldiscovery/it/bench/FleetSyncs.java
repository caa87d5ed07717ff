package org.mysqldiscovery.it.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.mysqldiscovery.common.zk.ZkIdentities;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.sync.plan.IncrementalPlanner;
import org.mysqldiscovery.sync.plan.Plan;
import org.mysqldiscovery.sync.plan.Planner;
import org.mysqldiscovery.sync.plan.RoleDefaults;
import org.mysqldiscovery.sync.plan.RowKey;
import org.mysqldiscovery.sync.plan.ServerRow;
import org.mysqldiscovery.sync.plan.SettleWindow;
import org.mysqldiscovery.sync.registry.RegistryException;
import org.mysqldiscovery.sync.registry.RegistrySnapshot;
import org.mysqldiscovery.sync.registry.ZkRegistry;
import org.mysqldiscovery.sync.registry.ZxidBarrier;

/**
 * One JVM of syncs. Each sync is what proxysql-sync's reconcile loop does up to the admin interface: its own Curator
 * session authenticated as a sync, the real {@link ZkRegistry} judging registrations' ACLs as in production (its
 * watched cache of the whole {@code mysql/} and {@code quarantine/} trees: blind on SUSPENDED/LOST, read again
 * from scratch only with a new session, brought up to date by ZooKeeper's re-delivered watches after a
 * same-session reconnect), the real {@link IncrementalPlanner}, the debounce (20 ms quiet, 100 ms at most), the real {@link ZxidBarrier}
 * on its own ephemeral status node, the real {@link Planner} with its guards (double primary per schema, mass
 * removal) and the real {@link SettleWindow} (removals of servers absent since a from-scratch read wait), applying to a recording applier: the rows the plan wants become the "ProxySQL" rows of the next pass.
 * Not here: the admin connection (the SQL, LOAD, verify: measured by ApplyLatencyBenchmark), SAVE, pages, HTTP.
 *
 * <p>Prints for the coordinator: {@code A <sync> <host:port> <hostgroup> <epochMicros>} for every applied row of a
 * probe; {@code R <sync> <servers> <epochMicros> <host:port,...>} when an apply removes fleet servers; {@code M <sync>} when the
 * mass-removal guard refuses a plan; {@code S <sync> <rows> <blind 0|1>} after every pass and every second.
 */
final class FleetSyncs {
    /** Read when the first sync starts (the coordinator uses {@link #nowMicros()} without it). */
    private static final class Auth {
        static final FleetAuth VALUE = FleetAuth.fromEnvironment();
    }

    private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);

    private FleetSyncs() {
    }

    static void run(FleetShape shape, String connect, int firstId, int count, int sessionTimeoutMillis,
            long settleMillis) {
        Planner planner = new Planner(shape.hostgroups(), RoleDefaults.standard(), 0.5);
        List<Sync> syncs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Sync sync = new Sync(firstId + i, connect, planner, sessionTimeoutMillis, settleMillis);
            syncs.add(sync);
            sync.start();
        }
        try {
            while (System.in.read() >= 0) {
                // ignore input
            }
        } catch (IOException e) {
            // stdin gone: the coordinator is gone
        }
        System.exit(0);
    }

    static synchronized void emit(String line) {
        OUT.println(line);
        OUT.flush();
    }

    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** One simulated proxysql-sync. */
    private static final class Sync implements Runnable {
        private final int id;
        private final CuratorFramework client;
        private final ZkRegistry registry;
        private final IncrementalPlanner planner;
        private final ZkLayout layout = ZkLayout.defaultLayout();
        private final String statusPath;
        private final byte[] status;
        private final Object lock = new Object();
        private boolean dirty;
        private long firstMarkNanos;
        private long lastMarkNanos;
        private List<ServerRow> rows = List.of();
        private boolean statusNodeSeen;
        private final SettleWindow settle;

        Sync(int id, String connect, Planner planner, int sessionTimeoutMillis, long settleMillis) {
            this.id = id;
            this.settle = new SettleWindow(settleMillis);
            this.planner = new IncrementalPlanner(planner);
            this.client = Auth.VALUE.curator(CuratorFrameworkFactory.builder().connectString(connect)
                    .sessionTimeoutMs(sessionTimeoutMillis).connectionTimeoutMs(3_000)
                    .retryPolicy(new ExponentialBackoffRetry(100, 29, 5_000)), ZkIdentities.Kind.SYNC, layout).build();
            // Judges every registration's ACL, as a production sync does (its first read costs a getACL per node).
            this.registry = new ZkRegistry(client, layout, this::mark, Auth.VALUE.trust());
            this.statusPath = layout.syncPath(new Instance("127.0.0." + (id % 250 + 1), 6032 + id / 250));
            this.status = ("{\"sync\":" + id + "}").getBytes(StandardCharsets.UTF_8);
        }

        void start() {
            client.start();
            registry.start();
            Thread thread = new Thread(this, "sync-" + id);
            thread.setDaemon(true);
            thread.start();
        }

        private void mark() {
            synchronized (lock) {
                long now = System.nanoTime();
                if (!dirty) {
                    dirty = true;
                    firstMarkNanos = now;
                }
                lastMarkNanos = now;
                lock.notifyAll();
            }
        }

        /** Debounce as the reconciler: quiet for 20 ms, at most 100 ms after the first change of a burst. */
        private boolean awaitWork() throws InterruptedException {
            synchronized (lock) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (!dirty) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
                while (true) {
                    long now = System.nanoTime();
                    long quietAt = lastMarkNanos + TimeUnit.MILLISECONDS.toNanos(20);
                    long maxAt = firstMarkNanos + TimeUnit.MILLISECONDS.toNanos(100);
                    long until = Math.min(quietAt, maxAt);
                    if (now >= until) {
                        dirty = false;
                        return true;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, until - now);
                }
            }
        }

        @Override
        public void run() {
            boolean blind = true;
            while (true) {
                try {
                    boolean work = awaitWork();
                    // The settle window closing is work too: held removals are planned then (checked each second).
                    if (work || settle.expire(System.currentTimeMillis()) == SettleWindow.Change.CLOSED) {
                        blind = pass();
                    }
                    emit("S " + id + " " + rows.size() + " " + (blind ? 1 : 0));
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    emit("E " + id + " " + e.toString().replace('\n', ' '));
                    mark();
                }
            }
        }

        /** One reconcile pass; returns whether the view was blind. */
        private boolean pass() {
            if (registry.blindReason() != null) {
                return true;
            }
            long epoch = registry.epoch();
            long zxid;
            try {
                ensureStatusNode();
                zxid = new ZxidBarrier(client, statusPath, () -> status, registry).pass(Duration.ofSeconds(5));
            } catch (RegistryException e) {
                statusNodeSeen = false;
                mark();
                return true;
            }
            RegistrySnapshot snapshot = registry.snapshot();
            Optional<org.mysqldiscovery.sync.registry.ViewRead> read = snapshot.view();
            if (read.isEmpty() || snapshot.epoch() != epoch) {
                mark();
                return true;
            }
            settle.observe(snapshot.generation(), zxid, System.currentTimeMillis());
            settle.saw(read.get().view(), read.get()::createdZxid, System.currentTimeMillis());
            Plan plan = planner.plan(read.get().view(), rows, settle.settling());
            if (plan.massRemovalRefusal().isPresent()) {
                emit("M " + id);
                return false;
            }
            long at = nowMicros();
            java.util.Set<String> removedServers = removedFleetServers(plan);
            for (ServerRow row : plan.diff().upserts()) {
                if (row.hostname().startsWith(FleetShape.PROBE_PREFIX)) {
                    emit("A " + id + " " + row.hostname() + ":" + row.port() + " " + row.hostgroupId() + " " + at);
                }
            }
            if (!removedServers.isEmpty()) {
                // The coordinator checks afterwards which of them came back (spurious) and which did not.
                emit("R " + id + " " + removedServers.size() + " " + at + " " + String.join(",", removedServers));
            }
            rows = plan.desired();
            return false;
        }

        /** Fleet servers (not probes) that the plan takes out of every hostgroup. */
        private java.util.Set<String> removedFleetServers(Plan plan) {
            if (plan.diff().deletes().stream().allMatch(key -> key.hostname().startsWith(FleetShape.PROBE_PREFIX))) {
                return java.util.Set.of(); // a probe's role change: no fleet server can have gone (no 5,000-row set)
            }
            java.util.Set<String> kept = new java.util.HashSet<>();
            for (ServerRow row : plan.desired()) {
                kept.add(row.hostname() + ":" + row.port());
            }
            java.util.Set<String> removed = new java.util.HashSet<>();
            for (RowKey key : plan.diff().deletes()) {
                String server = key.hostname() + ":" + key.port();
                if (!key.hostname().startsWith(FleetShape.PROBE_PREFIX) && !kept.contains(server)) {
                    removed.add(server);
                }
            }
            return removed;
        }

        private void ensureStatusNode() throws RegistryException {
            if (statusNodeSeen) {
                return;
            }
            try {
                if (client.checkExists().forPath(statusPath) == null) {
                    client.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL)
                            .forPath(statusPath, status);
                }
                statusNodeSeen = true;
            } catch (org.apache.zookeeper.KeeperException.NodeExistsException e) {
                statusNodeSeen = true;
            } catch (Exception e) {
                throw new RegistryException("status node " + statusPath + ": " + e);
            }
        }
    }
}
