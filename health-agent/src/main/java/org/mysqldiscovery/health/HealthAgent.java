package org.mysqldiscovery.health;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
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
import org.mysqldiscovery.health.http.HealthMetrics;
import org.mysqldiscovery.health.http.HealthView;
import org.mysqldiscovery.health.probe.Checker;
import org.mysqldiscovery.health.probe.JdbcMysqlServer;
import org.mysqldiscovery.health.probe.MysqlRound;
import org.mysqldiscovery.health.probe.RoundRunner;
import org.mysqldiscovery.health.probe.TcpRound;
import org.mysqldiscovery.health.registry.Payloads;
import org.mysqldiscovery.health.registry.Registrar;
import org.mysqldiscovery.health.registry.ZkConnection;
import org.mysqldiscovery.health.target.ProxysqlSource;
import org.mysqldiscovery.health.target.RoleFilesSource;
import org.mysqldiscovery.health.target.TargetSource;
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
    private final TargetSource targets;
    private final Checker checker;
    private final Reconciler reconciler;
    private final Watchdog watchdog;
    private final HealthView view;
    private final AdminServer http;

    private HealthAgent(HealthAgentConfig config, Clock clock) {
        this.config = config;
        String version = ProgramArgs.version();
        Telemetry telemetry = Telemetry.forProgram("health-agent", version);
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
        ModeParts mode = ModeParts.of(config, client, dirty, clock);
        this.targets = mode.targets();
        HealthMetrics metrics = new HealthMetrics(telemetry, mode.checks());
        this.checker = new Checker(mode.runner(), round -> dirty.run());
        this.reconciler = new Reconciler(config, targets, checker, registrar, payloads, metrics, clock);
        self.set(reconciler);
        this.watchdog = new Watchdog(reconciler::passBusyMillis, checker::busyMillis, registrar::busyMillis,
                config.watchdogMillis(), reconciler.roundBoundMillis(), registrar, dirty,
                telemetry.counter("health_watchdog_trips_total", "Times the watchdog found a part stuck past its"
                        + " bound").labelValues());
        this.view = new HealthView(config, reconciler::status, registrar::status, zookeeper, version, watchdog);

        zookeeper.addListener(s -> {
            targets.onConnectionState(s);
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
        parts.add("target source", targets);
        parts.add("checker", checker);
        parts.add("registration", () -> {
            registrar.close(Math.max(1_000, config.zookeeper().connectionTimeoutMillis()));
            LOG.info("registration removed in {} ms; stopping", (System.nanoTime() - closeStartedNanos) / 1_000_000);
        });
        parts.add("reconciler", reconciler);
        parts.add("watchdog", watchdog);
    }

    /** The one place the mode matters: where the target comes from, what a round checks, which checks exist. */
    private record ModeParts(TargetSource targets, RoundRunner runner, List<String> checks) {
        static ModeParts of(HealthAgentConfig config, CuratorFramework client, Runnable dirty, Clock clock) {
            return switch (config.mode()) {
                case MYSQL -> new ModeParts(new RoleFilesSource(config, client, dirty), new MysqlRound(config,
                        new JdbcMysqlServer(config.mysql(), config.checkTimeoutMillis()), clock),
                        HealthMetrics.MYSQL_CHECKS);
                case TCP -> new ModeParts(new ProxysqlSource(), new TcpRound(config.tcp().host(), config.tcp().port(),
                        config.checkTimeoutMillis(), clock), HealthMetrics.TCP_CHECKS);
            };
        }
    }

    public static HealthAgent create(HealthAgentConfig config) {
        return new HealthAgent(config, Clock.systemUTC());
    }

    /** Starts everything; the first registration follows as soon as ZooKeeper is reached and the checks pass. */
    public void start() throws IOException {
        lifecycle.start();
        client.start();
        registrar.start();
        targets.start();
        checker.start();
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
