package org.mysqldiscovery.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.mysqldiscovery.common.http.AdminServer;
import org.mysqldiscovery.common.http.HealthReport;
import org.mysqldiscovery.common.lifecycle.Closer;
import org.mysqldiscovery.common.lifecycle.Lifecycle;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.mysqldiscovery.common.model.SyncStatus;
import org.mysqldiscovery.common.page.AsyncPager;
import org.mysqldiscovery.common.program.ProgramArgs;
import org.mysqldiscovery.common.reconcile.WorkQueue;
import org.mysqldiscovery.common.zk.ZkClientFactory;
import org.mysqldiscovery.common.zk.ZkIdentities;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.sync.config.SyncConfig;
import org.mysqldiscovery.sync.page.ConditionKind;
import org.mysqldiscovery.sync.page.OpenPagesFile;
import org.mysqldiscovery.sync.page.PageTracker;
import org.mysqldiscovery.sync.proxysql.AdminEndpoint;
import org.mysqldiscovery.sync.proxysql.AdminException;
import org.mysqldiscovery.sync.proxysql.HostgroupConflictException;
import org.mysqldiscovery.sync.proxysql.ProxySqlAdmin;
import org.mysqldiscovery.sync.proxysql.ProxySqlApplier;
import org.mysqldiscovery.sync.reconcile.GuardBook;
import org.mysqldiscovery.sync.reconcile.Reconciler;
import org.mysqldiscovery.sync.reconcile.ReconcilerSettings;
import org.mysqldiscovery.sync.reconcile.SyncMetrics;
import org.mysqldiscovery.sync.registry.RegistrationTrust;
import org.mysqldiscovery.sync.registry.ZkRegistry;
import org.mysqldiscovery.sync.registry.ZxidBarrier;
import org.mysqldiscovery.sync.status.StatusNode;
import org.mysqldiscovery.sync.status.SyncReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole proxysql-sync, wired by hand: pager, HTTP, ZooKeeper client, ProxySQL admin, status node, registry,
 * reconciler. {@link #start()} refuses (throws) when a managed hostgroup is in {@code mysql_replication_hostgroups};
 * {@link #close()} stops everything in reverse order, deleting the status node early so that waiters stop counting
 * on this sync.
 */
public final class SyncService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
    public static final String PROGRAM = "proxysql-sync";

    private final SyncConfig config;
    private final Telemetry metricRegistry;
    private final Clock clock;
    private final Lifecycle lifecycle = new Lifecycle("sync");
    private final AtomicReference<Reconciler> reconciler = new AtomicReference<>();
    /** Every part started so far, closed in reverse. */
    private final Closer parts = new Closer("proxysql-sync");
    private AdminServer http;
    private CuratorFramework client;
    private StatusNode statusNode;

    public SyncService(SyncConfig config, Telemetry metricRegistry, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.metricRegistry = Objects.requireNonNull(metricRegistry, "metricRegistry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts every part. Waits for the ProxySQL admin to answer the ownership check (retrying while it is down).
     *
     * @throws HostgroupConflictException when ProxySQL's own monitor manages one of this sync's hostgroups
     */
    public void start() throws HostgroupConflictException, InterruptedException {
        lifecycle.start();
        AsyncPager pager = config.pager().startPager(metricRegistry);
        parts.add("pager", pager);

        http = new AdminServer(config.http(), metricRegistry, this::health,
                app -> app.get("/status", ctx -> ctx.json(report())));
        http.start();
        parts.add("HTTP server", http);

        client = ZkClientFactory.create(config.zookeeper(), ZkIdentities.Kind.SYNC);
        metricRegistry.flag("zookeeper_unauthenticated", "1 when this program talks to ZooKeeper without"
                + " authentication (an explicit opt-out: anyone on the network may write its nodes)",
                () -> config.zookeeper().unauthenticated());
        client.start();
        parts.add("ZooKeeper client", client);
        ZkLayout layout = config.zookeeper().layout();

        ProxySqlAdmin admin = new ProxySqlAdmin(AdminEndpoint.of(config.proxysql()));
        parts.add("ProxySQL admin connection", admin);
        if (config.proxysql().drainInFlightMaxMillis() == 0) {
            LOG.warn("proxysql.drainInFlightMaxMillis is 0: a leaving writer is removed at once, and ProxySQL may "
                    + "execute a write that was in flight on it a second time on the next writer (opt-out)");
        }
        ProxySqlApplier applier = new ProxySqlApplier(admin, config.hostgroupMap().managedHostgroups(),
                java.time.Duration.ofMillis(config.proxysql().drainInFlightMaxMillis()));
        awaitOwnership(applier);

        String agentVersion = ProgramArgs.version();
        String source = config.proxysql().status().spelling();
        statusNode = new StatusNode(client, layout.syncPath(config.proxysql().status()),
                new SyncStatus(source, config.mode(), null, null, -1, true, Map.of("*", "blind"),
                        agentVersion));
        statusNode.start();
        parts.add("status node", statusNode);
        if (!statusNode.awaitCreated(Duration.ofSeconds(5))) {
            LOG.warn("status node {} not created within 5 s (ZooKeeper unreachable?); carrying on", statusNode.path());
        }

        ReconcilerSettings reconcilerSettings = ReconcilerSettings.of(config, agentVersion);
        WorkQueue signal = Reconciler.workQueue(reconcilerSettings);
        ZkRegistry registry = new ZkRegistry(client, layout, signal::mark,
                RegistrationTrust.of(config.zookeeper()));
        SyncMetrics metrics = new SyncMetrics(metricRegistry, config.hostgroups().keySet(),
                () -> client.getZookeeperClient().isConnected() ? 1 : 0, signal::pendingSinceNanos);
        PageTracker tracker = new PageTracker(source, ConditionKind.graces(config.guards()));
        metrics.guards(tracker::tracked);
        OpenPagesFile openPages = null;
        if (config.openPagesFile() != null) {
            openPages = new OpenPagesFile(java.nio.file.Path.of(config.openPagesFile()));
            tracker.adopt(openPages.load());
            openPages.start();
            parts.add("open pages file", openPages);
        } else {
            LOG.warn("openPagesFile is not set: pages open when this sync stops will not be resolved by the next run");
        }
        GuardBook guards = new GuardBook(tracker, pager, metrics, openPages);
        ZxidBarrier barrier = new ZxidBarrier(client, statusNode.path(), statusNode::currentBytes, registry);
        Reconciler created = new Reconciler(reconcilerSettings, config.planner(), registry,
                barrier, applier, statusNode, guards, metrics, signal, clock);
        registry.start();
        parts.add("ZooKeeper view", registry);
        created.start();
        parts.add("reconciler", created);
        reconciler.set(created);
        LOG.info("proxysql-sync {} started: {} schemas, {} hostgroups, mode {}, status node {}", agentVersion,
                config.hostgroups().size(), config.hostgroupMap().managedHostgroups().size(), config.mode().token(),
                statusNode.path());
    }

    private void awaitOwnership(ProxySqlApplier applier) throws HostgroupConflictException, InterruptedException {
        long delay = 100;
        while (lifecycle.started()) {
            try {
                applier.checkOwnership();
                return;
            } catch (AdminException e) {
                LOG.warn("cannot check ProxySQL's hostgroups yet ({}), retrying in {} ms", e.getMessage(), delay);
            }
            Thread.sleep(delay);
            delay = Math.min(5_000, delay * 2);
        }
        throw new InterruptedException("closed while waiting for the ProxySQL admin");
    }

    /** The report of {@code GET /status}; a minimal one while starting. */
    public SyncReport report() {
        Reconciler current = reconciler.get();
        if (current != null) {
            return current.report();
        }
        return SyncReport.builder(config.proxysql().status().spelling(), config.mode().token())
                .blind(true, "starting")
                .zookeeper("n/a")
                .managedHostgroups(config.hostgroupMap().managedHostgroups().size())
                .settle(new SyncReport.Settle(false, null, config.settleMillis(), 0, java.util.List.of()))
                .build();
    }

    private HealthReport health() {
        SyncReport report = report();
        boolean healthy = report.running() && !report.blind() && report.consecutiveFailures() == 0
                && report.hostgroupConflict() == null;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("running", report.running());
        body.put("blind", report.blind());
        if (report.blindReason() != null) {
            body.put("blindReason", report.blindReason());
        }
        body.put("consecutiveFailures", report.consecutiveFailures());
        if (report.lastError() != null) {
            body.put("lastError", report.lastError().message());
        }
        if (report.hostgroupConflict() != null) {
            body.put("hostgroupConflict", report.hostgroupConflict());
        }
        body.put("appliedZxid", report.appliedZxid());
        if (report.settle() != null && report.settle().open()) {
            // Healthy: holding removals of absent servers after ZooKeeper recovered is the sync doing its job.
            body.put("settlingUntil", report.settle().until());
            body.put("settleHeldRows", report.settle().heldRows());
        }
        return new HealthReport(healthy, body);
    }

    public Reconciler reconciler() {
        return reconciler.get();
    }

    public int httpPort() {
        return http.port();
    }

    public String statusPath() {
        return statusNode.path();
    }

    @Override
    public void close() {
        if (lifecycle.close()) {
            parts.close();
        }
    }
}
