package org.mysqldiscovery.health;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.http.AdminServer;
import org.mysqldiscovery.common.http.HealthReport;
import org.mysqldiscovery.common.lifecycle.Closer;
import org.mysqldiscovery.common.lifecycle.Lifecycle;
import org.mysqldiscovery.common.lifecycle.State;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.mysqldiscovery.common.program.ProgramArgs;
import org.mysqldiscovery.common.zk.ZkClientFactory;
import org.mysqldiscovery.common.zk.ZkIdentities;
import org.mysqldiscovery.health.config.HealthAgentConfig;
import org.mysqldiscovery.health.config.Mode;
import org.mysqldiscovery.health.files.RoleDirectoryWatcher;
import org.mysqldiscovery.health.files.RoleFilesReader;
import org.mysqldiscovery.health.http.HealthMetrics;
import org.mysqldiscovery.health.http.HealthView;
import org.mysqldiscovery.health.probe.Checker;
import org.mysqldiscovery.health.probe.JdbcMysqlServer;
import org.mysqldiscovery.health.probe.MysqlRound;
import org.mysqldiscovery.health.probe.RoundRunner;
import org.mysqldiscovery.health.probe.TcpRound;
import org.mysqldiscovery.health.registry.Payloads;
import org.mysqldiscovery.health.registry.QuarantineWatch;
import org.mysqldiscovery.health.registry.Registrar;
import org.mysqldiscovery.health.registry.ZkConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One health agent, wired by hand from its config: checks, role-file watch, quarantine watch, registrar, reconciler
 * and the HTTP server. {@link #close()} deletes the registration first, then stops the rest in reverse order.
 */
public final class HealthAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthAgent.class);

    private final HealthAgentConfig config;
    private final Lifecycle lifecycle = new Lifecycle("health agent");
    /** Every part, in the order close() stops them (see the end of the constructor). */
    private final Closer parts = new Closer("health-agent");
    private volatile long closeStartedNanos;
    private final CuratorFramework client;
    private final ZkConnection zookeeper = new ZkConnection();
    private final Registrar registrar;
    private final QuarantineWatch quarantine;
    private final Checker checker;
    private final RoleDirectoryWatcher watcher;
    private final Reconciler reconciler;
    private final Watchdog watchdog;
    private final HealthView view;
    private final AdminServer http;

    private HealthAgent(HealthAgentConfig config, Clock clock) {
        this.config = config;
        String version = ProgramArgs.version();
        Telemetry telemetry = Telemetry.forProgram("health-agent", version);
        HealthMetrics metrics = new HealthMetrics(telemetry,
                config.mode() == Mode.MYSQL ? HealthMetrics.MYSQL_CHECKS : HealthMetrics.TCP_CHECKS);
        this.client = ZkClientFactory.create(config.zookeeper(), ZkIdentities.Kind.HEALTH_AGENT);
        telemetry.flag("zookeeper_unauthenticated", "1 when this program talks to ZooKeeper without authentication"
                + " (an explicit opt-out: anyone on the network may write its nodes)",
                () -> config.zookeeper().unauthenticated());
        Payloads payloads = new Payloads(config, version);
        // The reconciler is created last but called back by the parts below: route through a holder.
        AtomicReference<Reconciler> self = new AtomicReference<>();
        Runnable dirty = () -> {
            Reconciler r = self.get();
            if (r != null) {
                r.markDirty();
            }
        };
        this.registrar = new Registrar(client, dirty);
        RoundRunner runner;
        RoleFilesReader files = null;
        if (config.mode() == Mode.MYSQL) {
            RoleDirectory directory = new RoleDirectory(config.roleDirectoryPath(), config.fileTimeout());
            files = new RoleFilesReader(directory);
            this.quarantine = new QuarantineWatch(client, config.zookeeper().layout().quarantinePath(
                    config.instance()), dirty);
            this.watcher = new RoleDirectoryWatcher(directory.directory(), dirty, config.checkIntervalMillis());
            runner = new MysqlRound(config, new JdbcMysqlServer(config.mysql(), config.checkTimeoutMillis()), clock);
        } else {
            this.quarantine = null;
            this.watcher = null;
            runner = new TcpRound(config.tcp().host(), config.tcp().port(), config.checkTimeoutMillis(), clock);
        }
        this.checker = new Checker(runner, round -> dirty.run());
        this.reconciler = new Reconciler(config, files, quarantine, checker, registrar, payloads, metrics, clock);
        self.set(reconciler);
        this.watchdog = new Watchdog(reconciler::passBusyMillis, checker::busyMillis, registrar::busyMillis,
                config.watchdogMillis(), reconciler.roundBoundMillis(), registrar, dirty,
                telemetry.counter("health_watchdog_trips_total", "Times the watchdog found a part stuck past its"
                        + " bound").labelValues());
        this.view = new HealthView(config, reconciler::status, registrar::status, zookeeper, version, watchdog);

        zookeeper.addListener(s -> {
            if (quarantine != null) {
                quarantine.onConnectionState(s);
            }
            registrar.onConnectionState(s);
            dirty.run();
        });
        client.getConnectionStateListenable().addListener(zookeeper);

        metrics.agent(view::registered, () -> reconciler.status().quarantined(),
                () -> reconciler.status().drained(), () -> reconciler.status().target());
        metrics.zookeeper(zookeeper::connected, zookeeper::stateCode, zookeeper::losses);
        telemetry.flag("health_watchdog_tripped", "1 while the watchdog sees a stuck part (the agent withdraws"
                + " its registration)", () -> !watchdog.why().isEmpty());
        telemetry.counterFn("file_io_timeouts_total", "File reads and writes that timed out (role files, markers: a"
                + " hung file system)", org.mysqldiscovery.common.files.BoundedFileIo::timeouts);
        this.http = new AdminServer(config.http(), telemetry, view, app -> { });

        // Closed last added first: the watchdog and the reconciler stop (nothing registers again), the registration
        // is deleted at once, then every other part; the HTTP server answers until the end.
        parts.add("HTTP server", http);
        parts.add("ZooKeeper client", client);
        if (quarantine != null) {
            parts.add("quarantine watch", quarantine);
        }
        parts.add("checker", checker);
        if (watcher != null) {
            parts.add("role file watch", watcher);
        }
        parts.add("registration", () -> {
            registrar.close(Math.max(1_000, config.zookeeper().connectionTimeoutMillis()));
            LOG.info("registration removed in {} ms; stopping", (System.nanoTime() - closeStartedNanos) / 1_000_000);
        });
        parts.add("reconciler", reconciler);
        parts.add("watchdog", watchdog);
    }

    public static HealthAgent create(HealthAgentConfig config) {
        return new HealthAgent(config, Clock.systemUTC());
    }

    /** Starts everything; the first registration follows as soon as ZooKeeper is reached and the checks pass. */
    public void start() throws IOException {
        lifecycle.start();
        client.start();
        registrar.start();
        if (quarantine != null) {
            quarantine.start();
        }
        checker.start();
        if (watcher != null) {
            watcher.start();
        }
        reconciler.start();
        watchdog.start();
        // Last: the HTTP server is not on the path to the first registration, and starting it is slow when cold.
        http.start();
        LOG.info("health agent for {} started (mode {}, HTTP port {})", config.instance(), config.mode(), http.port());
    }

    public int httpPort() {
        return http.port();
    }

    public HealthReport health() {
        return view.get();
    }

    public boolean registered() {
        return view.registered();
    }

    /** The Curator client (tests expire its session). */
    CuratorFramework zookeeperClient() {
        return client;
    }

    public State state() {
        return lifecycle.state();
    }

    /** Deletes the registration at once, then stops every part. Idempotent. */
    @Override
    public void close() {
        if (!lifecycle.close()) {
            return;
        }
        closeStartedNanos = System.nanoTime();
        parts.close();
    }
}
