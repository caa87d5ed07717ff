package org.mysqldiscovery.it.bench;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.zk.ZkAclPolicy;
import org.mysqldiscovery.common.zk.ZkIdentities;
import org.mysqldiscovery.common.zk.ZkLayout;

/**
 * One JVM of lightweight health agents: one raw ZooKeeper session per MySQL host, each holding its one ephemeral
 * registration, as a health agent does. What the real agent does that matters to the ensemble is kept: the session
 * timeout (6 s, the agent's default), Curator's LOST after a session timeout spent disconnected (an expiration is
 * injected into the handle, which stops it at once, and a new session is opened, as Curator does), re-registration as soon as the new
 * session connects (plus an optional random delay, {@code jitterMillis}, to model a jittered agent), and what
 * Curator's PersistentNode does when the previous session's node is still there: it adopts it (setData, a watch) and
 * creates its own the moment that node expires. Not simulated:
 * the checks, the role files, the quarantine watch (one more child watch per agent).
 *
 * <p>Prints {@code REG <registered> <total> <creates refused: the previous session's node still there>} every second on stdout for the coordinator.
 */
final class FleetRegistrars {
    private final String connect;
    private final int sessionTimeoutMillis;
    private final long jitterMillis;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final ExecutorService closer = Executors.newFixedThreadPool(4);
    private final List<Agent> agents = new ArrayList<>();
    private final FleetAuth auth = FleetAuth.fromEnvironment();
    private final ZkAclPolicy policy = auth.policy(ZkLayout.defaultLayout());
    /** Creates refused because the node of the agent's previous session still existed. */
    private final java.util.concurrent.atomic.AtomicLong nodeExists = new java.util.concurrent.atomic.AtomicLong();

    private FleetRegistrars(String connect, int sessionTimeoutMillis, long jitterMillis) {
        this.connect = connect;
        this.sessionTimeoutMillis = sessionTimeoutMillis;
        this.jitterMillis = jitterMillis;
    }

    static void run(FleetShape shape, String connect, int from, int to, int sessionTimeoutMillis, long jitterMillis,
            int rampPerSecond) throws InterruptedException {
        // A real agent logs on its own host. Here 5,000 ZooKeeper clients share the ensemble's two cores, and each
        // failed reconnect during an outage logs a warning with a stack trace: that CPU is not the ensemble's load.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.zookeeper"))
                .setLevel(ch.qos.logback.classic.Level.OFF);
        FleetRegistrars host = new FleetRegistrars(connect, sessionTimeoutMillis, jitterMillis);
        ZkLayout layout = ZkLayout.defaultLayout();
        for (int i = from; i < to; i++) {
            FleetShape.Slot slot = shape.slot(i);
            byte[] payload = PayloadCodec.encode(Registration.ofMysql(slot.instance(), slot.schema(), slot.role(),
                    "dc1", 0, 0, Instant.now(), "fleet-bench"));
            host.agents.add(host.new Agent(layout.registrationPath(slot.schema(), slot.role(), slot.instance()),
                    payload));
        }
        host.timer.scheduleAtFixedRate(host::checkLost, 500, 500, TimeUnit.MILLISECONDS);
        host.timer.scheduleAtFixedRate(host::report, 1000, 1000, TimeUnit.MILLISECONDS);
        long pauseNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, rampPerSecond);
        for (Agent agent : host.agents) {
            agent.open();
            TimeUnit.NANOSECONDS.sleep(pauseNanos);
        }
        // Lives until the coordinator kills it (or its stdin closes: the coordinator died). "WHO <path>" asks for an
        // agent's state (the coordinator asks about servers that did not come back after an outage).
        java.util.Map<String, Agent> byPath = new java.util.HashMap<>();
        host.agents.forEach(agent -> byPath.put(agent.path, agent));
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("WHO ") && byPath.containsKey(line.substring(4))) {
                    System.out.println("WHO " + byPath.get(line.substring(4)).describe());
                    System.out.flush();
                }
            }
        } catch (IOException e) {
            // stdin gone: the coordinator is gone
        }
        System.exit(0);
    }

    private void report() {
        int registered = 0;
        for (Agent agent : agents) {
            if (agent.registered) {
                registered++;
            }
        }
        System.out.println("REG " + registered + " " + agents.size() + " " + nodeExists.get());
        System.out.flush();
    }

    private void checkLost() {
        long now = System.nanoTime();
        for (Agent agent : agents) {
            long since = agent.disconnectedSince;
            if (since != 0 && now - since > TimeUnit.MILLISECONDS.toNanos(sessionTimeoutMillis)) {
                agent.lost();
            }
        }
    }

    private long jitter() {
        return jitterMillis <= 0 ? 0 : ThreadLocalRandom.current().nextLong(jitterMillis);
    }

    /**
     * One health agent. Each session has its own watcher ({@link Session}): events and callbacks of a session the
     * agent has given up are ignored. Before, one watcher served every session of an agent: a late callback of a
     * closed session (its create answered OK) could mark the agent registered while its new session held nothing,
     * and such an agent never registers again (the likely cause of 4 of 2,000 agents missing after a quorum loss).
     */
    private final class Agent {
        private final String path;
        private final byte[] payload;
        private volatile Session session;
        private volatile boolean registered;
        private volatile long disconnectedSince;
        /** What happened to this agent, for the coordinator's WHO question. */
        private final java.util.concurrent.ConcurrentHashMap<String, Integer> counts =
                new java.util.concurrent.ConcurrentHashMap<>();
        private volatile String last = "";

        Agent(String path, byte[] payload) {
            this.path = path;
            this.payload = payload;
        }

        private void count(String what) {
            counts.merge(what, 1, Integer::sum);
            last = what;
        }

        String describe() {
            Session now = session;
            ZooKeeper handle = now == null ? null : now.zk;
            return path + " registered=" + registered + " session=" + (handle == null ? "none"
                    : Long.toHexString(handle.getSessionId()) + "/" + handle.getState()) + " disconnectedFor="
                    + (disconnectedSince == 0 ? 0 : (System.nanoTime() - disconnectedSince) / 1_000_000) + "ms last="
                    + last + " " + new java.util.TreeMap<>(counts);
        }

        synchronized void open() {
            count("open");
            Session next = new Session();
            try {
                disconnectedSince = 0;
                registered = false;
                session = next;
                ZooKeeper created = new ZooKeeper(connect, sessionTimeoutMillis, next);
                // Queued before any request: the session authenticates as a health agent first.
                created.addAuthInfo("digest", auth.credentials(ZkIdentities.Kind.HEALTH_AGENT));
                next.zk = created;
            } catch (IOException | RuntimeException e) {
                count("open-failed");
                timer.schedule(this::open, 1, TimeUnit.SECONDS);
            } catch (OutOfMemoryError e) {
                // "unable to create native thread": a handle starts two; thrown out of a timer task, it would end
                // this agent for good
                count("open-failed-threads");
                timer.schedule(this::open, 1, TimeUnit.SECONDS);
            }
        }

        /**
         * Curator's LOST: it injects a session expiration into the old handle, which stops that handle at once (no
         * more reconnects; the old session expires on the server in its own time), and opens a new one. Closing the
         * old handles on a small pool instead (as before) left thousands of them reconnecting for minutes after a
         * quorum loss, each revalidating its old session and so keeping its old node alive, and briefly doubled the
         * registrar JVMs' threads.
         */
        synchronized void lost() {
            count("lost");
            Session old = session;
            session = null;
            registered = false;
            disconnectedSince = 0;
            if (old != null && old.zk != null) {
                ZooKeeper handle = old.zk;
                handle.getTestable().injectSessionExpiration(); // what Curator does (Compatibility)
                closer.execute(() -> closeQuietly(handle)); // returns at once: the handle is closed already
            }
            timer.schedule(this::open, jitter(), TimeUnit.MILLISECONDS);
        }

        /** One ZooKeeper session of the agent: everything it reports is ignored once the agent has moved on. */
        private final class Session implements Watcher {
            private volatile ZooKeeper zk;

            private boolean current() {
                return session == this;
            }

            @Override
            public void process(WatchedEvent event) {
                if (!current()) {
                    count("stale-" + (event.getType() == Event.EventType.None ? event.getState() : event.getType()));
                    return;
                }
                if (event.getType() != Event.EventType.None) {
                    count("event-" + event.getType());
                } else {
                    count("state-" + event.getState());
                }
                if (event.getType() == Event.EventType.NodeDeleted && path.equals(event.getPath())) {
                    // PersistentNode's watch on the node: the adopted node of the previous session expired; create
                    // ours.
                    registered = false;
                    register();
                    return;
                }
                if (event.getType() != Event.EventType.None) {
                    return;
                }
                switch (event.getState()) {
                    case SyncConnected -> {
                        disconnectedSince = 0;
                        if (!registered) {
                            register();
                        }
                    }
                    case Disconnected -> {
                        if (disconnectedSince == 0) {
                            disconnectedSince = System.nanoTime();
                        }
                    }
                    case Expired -> lost();
                    default -> { }
                }
            }

            /**
             * What Curator's PersistentNode does when its create finds the node there (the previous session's,
             * which the new leader kept alive after the outage): it rewrites the node's data (setData: the mzxid
             * moves, the node still belongs to the old session) and watches it; when the old session expires and
             * the node goes, the watch creates it again under the new session.
             */
            private void adopt(ZooKeeper handle) {
                handle.setData(path, payload, -1, (rc, p, ctx, stat) -> { }, null);
                handle.exists(path, this, (rc, p, ctx, stat) -> {
                    KeeperException.Code code = answered("exists", rc);
                    if (code == null) {
                        return;
                    }
                    if (code == KeeperException.Code.OK) {
                        registered = true;
                    } else if (code == KeeperException.Code.NONODE) {
                        register(); // gone meanwhile
                    } else if (code != KeeperException.Code.SESSIONEXPIRED) {
                        timer.schedule(this::register, 500, TimeUnit.MILLISECONDS);
                    }
                }, null);
            }

            /** An answer to this session's {@code request}, counted; null when the agent has moved on (ignore it). */
            private KeeperException.Code answered(String request, int rc) {
                if (!current()) {
                    return null;
                }
                KeeperException.Code code = KeeperException.Code.get(rc);
                count(request + "-" + code);
                return code;
            }

            private void register() {
                ZooKeeper handle = zk;
                if (!current() || registered) {
                    return;
                }
                if (handle == null) {
                    // SyncConnected can arrive before the constructor has returned the handle: try again shortly.
                    timer.schedule(this::register, 50, TimeUnit.MILLISECONDS);
                    return;
                }
                handle.create(path, payload, policy.aclFor(path), CreateMode.EPHEMERAL, (rc, p, ctx, name) -> {
                    KeeperException.Code code = answered("create", rc);
                    if (code == null) {
                        return;
                    }
                    if (code == KeeperException.Code.OK) {
                        registered = true;
                    } else if (code == KeeperException.Code.NODEEXISTS) {
                        nodeExists.incrementAndGet();
                        adopt(handle);
                    } else if (code != KeeperException.Code.SESSIONEXPIRED) {
                        timer.schedule(this::register, 500, TimeUnit.MILLISECONDS);
                    }
                }, null);
            }
        }
    }

    private static void closeQuietly(ZooKeeper zk) {
        try {
            zk.close(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
