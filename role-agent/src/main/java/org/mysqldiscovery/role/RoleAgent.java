package org.mysqldiscovery.role;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.mysqldiscovery.common.program.ProgramArgs;
import org.mysqldiscovery.role.http.RoleMetrics;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.files.RoleFileException;
import org.mysqldiscovery.common.http.AdminServer;
import org.mysqldiscovery.common.http.HealthReport;
import org.mysqldiscovery.common.lifecycle.Closer;
import org.mysqldiscovery.common.lifecycle.Lifecycle;
import org.mysqldiscovery.common.lifecycle.State;
import org.mysqldiscovery.common.page.AsyncPager;
import org.mysqldiscovery.common.zk.ZkClientFactory;
import org.mysqldiscovery.common.zk.ZkIdentities;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.role.audit.AuditLog;
import org.mysqldiscovery.role.config.MysqlSettings;
import org.mysqldiscovery.role.config.RoleAgentConfig;
import org.mysqldiscovery.role.drain.ZkConvergenceWaiter;
import org.mysqldiscovery.role.fence.FenceOutcome;
import org.mysqldiscovery.role.fence.Fencer;
import org.mysqldiscovery.role.fence.MysqlFencer;
import org.mysqldiscovery.common.http.BearerAuth;
import org.mysqldiscovery.role.http.RoleApi;
import org.mysqldiscovery.common.http.TlsConnector;
import org.mysqldiscovery.role.quarantine.ZkQuarantineStore;
import org.mysqldiscovery.role.service.RoleService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One role agent, wired by hand from its config: ZooKeeper client, audit log, pager, the service and its edges,
 * and the HTTP server. {@code start()} / {@code close()} (idempotent; closes in reverse order).
 */
public final class RoleAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoleAgent.class);
    /**
     * Bound of one role-file read (writes: three times as long): no HTTP thread waits longer on the file system; a
     * FIFO, a device or a hung file system is an error answer within it.
     */
    static final Duration FILE_TIMEOUT = Duration.ofMillis(500);

    private final RoleAgentConfig config;
    private final Clock clock;
    private final RoleMetrics metrics = new RoleMetrics(Telemetry.forProgram("role-agent", ProgramArgs.version()));
    private final Lifecycle lifecycle = new Lifecycle("role agent");
    /** The parts started so far, closed in reverse (a start that fails half-way closes what it started). */
    private final Closer parts = new Closer("role-agent");
    private final AtomicReference<String> zkState = new AtomicReference<>("CONNECTING");
    private final RoleDirectory directory;
    private ExecutorService io;
    private ScheduledExecutorService timers;
    private CuratorFramework zk;
    private AuditLog audit;
    private AsyncPager pager;
    private RoleService service;
    private AdminServer server;
    private RoleApi api;

    public RoleAgent(RoleAgentConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.directory = new RoleDirectory(config.roleDirectoryPath(), FILE_TIMEOUT);
    }

    /** Starts every part; on failure closes what was started and throws. */
    public void start() throws IOException {
        lifecycle.start();
        try {
            startParts();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startParts() throws IOException {
        removeStrayTempFiles();
        // The audit log closes last: the timers' summary of refused requests writes to it until they stop.
        audit = new AuditLog(config.auditLogPath(), clock, metrics::auditFailed,
                config.limits().auditLogMaxBytes(), config.limits().auditLogFiles());
        audit.start();
        parts.add("audit log", audit);
        timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "role-timers");
            thread.setDaemon(true);
            return thread;
        });
        parts.add("timers", timers::shutdownNow);
        io = ioExecutor();
        parts.add("I/O executor", io::shutdownNow);
        zk = ZkClientFactory.create(config.zookeeper(), ZkIdentities.Kind.ROLE_AGENT);
        metrics.unauthenticated(() -> config.zookeeper().unauthenticated());
        zk.getConnectionStateListenable().addListener((client, newState) -> {
            zkState.set(newState.name());
            if (newState == ConnectionState.LOST || newState == ConnectionState.SUSPENDED) {
                LOG.warn("ZooKeeper {}: quarantine writes and drain confirmations wait for it", newState);
            } else {
                LOG.info("ZooKeeper {}", newState);
            }
        });
        zk.start(); // does not block: the agent flips roles even while ZooKeeper is away
        parts.add("ZooKeeper client", zk);
        pager = config.pager().startPager(metrics.telemetry());
        parts.add("pager", pager);
        ZkLayout layout = config.zookeeper().layout();
        Fencer fencer = fencer();
        service = new RoleService(config.instance(), directory,
                new ZkQuarantineStore(zk, layout, Duration.ofMillis(config.quarantineWriteTimeoutMillis()), io,
                        zkState::get),
                fencer, new ZkConvergenceWaiter(zk, layout, io, clock), pager, clock, config.fenceOnDemotion(),
                Duration.ofMillis(config.drainConfirmTimeoutMillis()), metrics);
        BearerAuth auth = config.auth().tokenFile().map(file -> BearerAuth.token(file.value()))
                .orElseGet(BearerAuth::disabled);
        if (!auth.enabled()) {
            LOG.warn("AUTHENTICATION IS OFF (auth: none): anyone who reaches {}:{} can move this primary",
                    config.http().bindAddress(), config.http().port());
        }
        metrics.draining(() -> service.drainUntil().map(until -> until.isAfter(clock.instant())).orElse(false));
        api = new RoleApi(service, auth, audit, config.drainDefaultSeconds(), metrics, config.limits(),
                timers);
        long summaryMillis = config.limits().summaryIntervalMillis();
        timers.scheduleAtFixedRate(() -> {
            try {
                api.flushRefusals();
            } catch (RuntimeException e) {
                LOG.error("cannot write the summary of refused requests", e);
            }
        }, summaryMillis, summaryMillis, TimeUnit.MILLISECONDS);
        server = new AdminServer(config.http(), metrics.telemetry(), this::health, api, customizer());
        server.start();
        parts.add("HTTP server", server);
        fencer.warmUp();
        LOG.info("role agent for {} started ({}://{}:{}, role directory {}, audit log {})", config.instance(),
                config.tls() == null ? "http" : "https", config.http().bindAddress(), server.port(), directory,
                audit.file());
    }

    /**
     * A kill -9 in the middle of an atomic write leaves its temp file ({@code .role-…tmp}); the role file itself is
     * intact. This agent is the only writer of these files, so at start any such file is a leftover.
     */
    private void removeStrayTempFiles() {
        if (!Files.isDirectory(directory.directory())) {
            LOG.warn("role directory {} does not exist yet", directory);
            return;
        }
        try (DirectoryStream<Path> stray = Files.newDirectoryStream(directory.directory(),
                ".{" + RoleDirectory.ROLE_FILE + "," + RoleDirectory.DRAIN_FILE + "}-*.tmp")) {
            for (Path file : stray) {
                Files.deleteIfExists(file);
                LOG.info("removed {} (left by an interrupted write)", file);
            }
        } catch (IOException e) {
            LOG.warn("cannot clean temp files in {}: {}", directory, e.toString());
        }
    }

    private Consumer<JavalinConfig> customizer() {
        Consumer<JavalinConfig> base = javalin -> javalin.http.prefer405over404 = true;
        return config.tls() == null ? base : base.andThen(TlsConnector.customizer(config.http(), config.tls()));
    }

    private Fencer fencer() {
        if (!config.fenceOnDemotion()) {
            return () -> FenceOutcome.skipped("fenceOnDemotion is false");
        }
        MysqlSettings mysql = config.mysql();
        return new MysqlFencer(mysql.host(), mysql.port(), mysql.user(), mysql.passwordFile(),
                Duration.ofMillis(mysql.timeoutMillis()), io);
    }

    private static ExecutorService ioExecutor() {
        AtomicInteger count = new AtomicInteger();
        // Bounded: requests are serialized, so more than a handful of blocked edge calls means something is stuck.
        return new ThreadPoolExecutor(0, 16, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "role-io-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Healthy when the role file is readable and ZooKeeper is connected (quarantines and drains need it). */
    private HealthReport health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instance", config.instance().spelling());
        boolean healthy = true;
        try {
            body.put("role", directory.readRole().token());
        } catch (RoleFileException e) {
            healthy = false;
            body.put("role", null);
            body.put("roleError", e.getMessage());
        }
        String zookeeper = zkState.get();
        body.put("zookeeper", zookeeper);
        if (!zookeeper.equals("CONNECTED") && !zookeeper.equals("RECONNECTED")) {
            healthy = false;
        }
        service.drainUntil().ifPresent(until -> body.put("drainUntil", until.toString()));
        body.put("auth", config.auth().disabled() ? "none" : "token");
        return new HealthReport(healthy, body);
    }

    public int port() {
        return server.port();
    }

    /** The API (tests flush its summary of refused requests). */
    public RoleApi api() {
        return api;
    }

    public java.nio.file.Path auditLogPath() {
        return audit.file();
    }

    public RoleService service() {
        return service;
    }

    public RoleMetrics metrics() {
        return metrics;
    }

    public RoleDirectory directory() {
        return directory;
    }

    public State state() {
        return lifecycle.state();
    }

    @Override
    public void close() {
        if (!lifecycle.close()) {
            return;
        }
        parts.close();
        LOG.info("role agent for {} stopped", config.instance());
    }
}
