package org.mysqldiscovery.cli.status;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.mysqldiscovery.cli.command.ProxySqlRoutes;
import org.mysqldiscovery.cli.command.StatusReport;
import org.mysqldiscovery.cli.view.ClusterView;
import org.mysqldiscovery.cli.view.ViewReadException;
import org.mysqldiscovery.cli.view.ViewReader;
import org.mysqldiscovery.common.lifecycle.State;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.zk.ZkClientFactory;
import org.mysqldiscovery.common.zk.ZkIdentities;
import org.mysqldiscovery.common.zk.ZkSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the suite's ZooKeeper tree every {@code refreshMillis} with the CLI's own reader ({@link ViewReader}, the one
 * {@code status} uses), keeps the last {@link StatusReport}, and the changes between reads as a bounded in-memory
 * timeline. A failed read keeps the last good view, marked stale with the reason: the page says so rather than go
 * blank. Read-only: it never writes to ZooKeeper.
 */
public final class FleetWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetWatch.class);
    /** Timeline length: a few hours of a busy fleet's changes in well under a megabyte. */
    public static final int MAX_EVENTS = 500;

    private final ZkSettings settings;
    private final Optional<? extends Set<SchemaName>> known;
    private final long refreshMillis;
    private final Clock clock;
    private final Deque<StatusEvent> events = new ArrayDeque<>();
    private CuratorFramework client;
    private ScheduledExecutorService reader;
    private State state = State.LATENT;
    private Instant startedAt;
    private volatile StatusReport last;
    private volatile Instant readAt;
    private volatile long readMillis;
    private volatile String error;
    private final List<java.util.function.BiConsumer<ClusterView, Instant>> readers = new ArrayList<>();

    public FleetWatch(ZkSettings settings, Optional<SortedSet<SchemaName>> known, long refreshMillis, Clock clock) {
        this.settings = settings;
        this.known = known;
        this.refreshMillis = refreshMillis;
        this.clock = clock;
    }

    /** Before {@link #start()}: also hands every view read to {@code reader} (serve's datacenter memory). */
    public synchronized void onRead(java.util.function.BiConsumer<ClusterView, Instant> reader) {
        if (state != State.LATENT) {
            throw new IllegalStateException("readers are added before start, not when " + state);
        }
        readers.add(java.util.Objects.requireNonNull(reader, "reader"));
    }

    public synchronized void start() {
        if (state != State.LATENT) {
            throw new IllegalStateException("fleet watch already " + state);
        }
        startedAt = clock.instant();
        // Read-only is enough: an observer's identity (DESIGN "ZooKeeper ACLs") is the one to give it; an operator's
        // works too. It never writes either way.
        ZkIdentities.Kind kind = settings.auth() == null ? ZkIdentities.Kind.OBSERVER
                : settings.auth().kindAmong(ZkIdentities.Kind.OBSERVER, ZkIdentities.Kind.OPERATOR);
        client = ZkClientFactory.create(settings, kind);
        client.start();
        reader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "status-reader");
            thread.setDaemon(true);
            return thread;
        });
        reader.scheduleWithFixedDelay(this::readOnce, 0, refreshMillis, TimeUnit.MILLISECONDS);
        state = State.STARTED;
        LOG.info("status page: reading {} under {} every {} ms as {}", settings.connectString(),
                settings.layout().root(), refreshMillis, settings.auth() == null ? "nobody (unauthenticated)"
                        : "the " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + settings.auth().user());
    }

    /** One read; the reader thread runs it. Never throws: a failure is kept and shown. */
    void readOnce() {
        long t0 = System.nanoTime();
        try {
            if (!client.getZookeeperClient().isConnected()) {
                // At start-up the first connection takes a moment: not worth a timeline line until it is overdue.
                if (last != null || error != null || java.time.Duration.between(startedAt, clock.instant())
                        .toMillis() > settings.connectionTimeoutMillis()) {
                    fail("not connected to ZooKeeper at " + settings.connectString());
                }
                return;
            }
            ClusterView view = new ViewReader(client, settings.layout()).read(Optional.empty());
            Instant now = clock.instant();
            readers.forEach(r -> r.accept(view, now));
            StatusReport report = StatusReport.of(view, now, Optional.empty(), known, ProxySqlRoutes.NONE);
            observe(report, now);
            readMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        } catch (ViewReadException e) {
            fail(e.getMessage());
        } catch (RuntimeException e) {
            // The reader must outlive one bad round (hostile node contents are Problems, this is a bug): say so.
            LOG.error("status page: reading ZooKeeper failed", e);
            fail("reading ZooKeeper failed: " + e);
        }
    }

    /** Takes a new report: the timeline gets what changed since the previous one. */
    synchronized void observe(StatusReport report, Instant now) {
        StatusReport before = last;
        if (before == null) {
            add(new StatusEvent(now, "observer", null, "started observing: " + report.schemas().size()
                    + " schemas, " + report.quarantines().size() + " quarantines, " + report.syncs().size()
                    + " syncs (the timeline holds what this process sees from now on, in memory)"));
        } else {
            Timeline.diff(before, report, StatusReport.countedSyncs(report.syncs()), now).forEach(this::add);
        }
        if (error != null) {
            add(new StatusEvent(now, "zookeeper", null, "ZooKeeper readable again"));
            LOG.info("status page: ZooKeeper readable again");
        }
        error = null;
        last = report;
        readAt = now;
    }

    private synchronized void fail(String why) {
        if (error == null) {
            add(new StatusEvent(clock.instant(), "zookeeper", null, "cannot read ZooKeeper: " + why
                    + " (the page shows the last view read)"));
            LOG.warn("status page: cannot read ZooKeeper: {}", why);
        }
        error = why;
    }

    private void add(StatusEvent event) {
        events.addFirst(event);
        while (events.size() > MAX_EVENTS) {
            events.removeLast();
        }
    }

    /** The page's document now. */
    public StatusDocument document() {
        List<StatusEvent> timeline;
        StatusReport report;
        Instant at;
        String why;
        synchronized (this) {
            timeline = new ArrayList<>(events);
            report = last;
            at = readAt;
            why = report == null && error == null ? "no read yet" : error;
        }
        return StatusDocument.of(report, at, readMillis, why, refreshMillis, clock.instant(), startedAt, timeline);
    }

    /** Healthy while the last read succeeded. */
    public boolean fresh() {
        return last != null && error == null;
    }

    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (reader != null) {
            reader.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
    }
}
