package org.mysqldiscovery.cli.serve;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.mysqldiscovery.common.program.ProgramArgs;
import org.mysqldiscovery.cli.CliConfig;
import org.mysqldiscovery.cli.command.PrecheckCommand.PrecheckReport;
import org.mysqldiscovery.cli.precheck.JdbcProber;
import org.mysqldiscovery.cli.precheck.MysqlConnector;
import org.mysqldiscovery.cli.precheck.MysqlCredentials;
import org.mysqldiscovery.cli.precheck.PrecheckCall;
import org.mysqldiscovery.cli.precheck.Verdict;
import org.mysqldiscovery.common.http.AdminServer;
import org.mysqldiscovery.common.http.BearerAuth;
import org.mysqldiscovery.common.http.HealthReport;
import org.mysqldiscovery.common.http.TlsConnector;
import org.mysqldiscovery.common.lifecycle.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mysql-discovery serve}: answers Orchestrator's precheck over HTTP from a warm process, so the
 * PreFailoverProcesses hook starts no JVM. {@code POST /v1/precheck} takes a {@link PrecheckForm} and runs the very
 * precheck of the {@code precheck} command ({@link PrecheckCall}: same decisions, same deadline), answering its
 * {@code --json} document with 200 (exit 0: fit), 409 (exit 1: not fit) or 400 (exit 2: input error); 401 without
 * the bearer token. Plus {@code /health} and {@code /metrics}.
 */
public final class PrecheckService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrecheckService.class);
    public static final String PATH = "/v1/precheck";

    private final CliConfig.Serve settings;
    private final long maxLagSeconds;
    private final Duration deadline;
    private final int connectTimeoutMillis;
    private final BearerAuth auth;
    private final WarmConnections connections;
    private final boolean allowCrossDatacenter;
    private final DatacenterMemory datacenters = new DatacenterMemory();
    private final Telemetry metrics = Telemetry.forProgram("mysql-discovery-serve", ProgramArgs.version());
    private final Histogram runs = metrics.seconds("serve_precheck_duration_seconds",
            "Time a failover precheck took (probing the failed primary and every replica)");
    private final Counter prechecks = metrics.counter("serve_prechecks_total",
            "Precheck requests by outcome: pass (200), fail (409, the failover is vetoed), bad_request (400),"
                    + " unauthorized (401)", "outcome");
    private final CounterDataPoint passed = prechecks.labelValues("pass");
    private final CounterDataPoint failed = prechecks.labelValues("fail");
    private final CounterDataPoint refused = prechecks.labelValues("bad_request");
    private final CounterDataPoint unauthorized = prechecks.labelValues("unauthorized");
    private final List<java.util.function.Consumer<Javalin>> extraRoutes = new ArrayList<>();
    private final List<AutoCloseable> companions = new ArrayList<>();
    private AdminServer server;
    private java.util.concurrent.ScheduledExecutorService keepAlive;
    private State state = State.LATENT;
    /** How often idle probe connections are pinged (and expired ones dropped). */
    static final long KEEP_ALIVE_MILLIS = 30_000;

    public PrecheckService(CliConfig config, MysqlCredentials credentials) {
        this.settings = Objects.requireNonNull(config.serve(), "serve");
        this.maxLagSeconds = config.precheck().maxLagSeconds();
        this.deadline = Duration.ofMillis(config.precheck().deadlineMillis());
        this.allowCrossDatacenter = config.precheck().allowCrossDatacenter();
        this.connectTimeoutMillis = config.mysql() == null ? 1000 : config.mysql().connectTimeoutMillis();
        this.auth = settings.auth().tokenFile().map(f -> BearerAuth.token(f.value())).orElse(BearerAuth.disabled());
        this.connections = new WarmConnections(new MysqlConnector(credentials), settings.connectionMaxIdleMillis());
        metrics.gauges("serve_probe_connections", "Probe connections to MySQL since start: opened (new) or reused"
                + " (kept warm)", cb -> {
                    cb.call(connections.opened(), "opened");
                    cb.call(connections.reused(), "reused");
                }, "outcome");
        metrics.gauge("serve_datacenter_memory_servers", "Servers whose datacenter serve remembers from its ZooKeeper"
                + " reads (the precheck's cross-datacenter check; 0: it knows none)", datacenters::servers);
    }

    /** Where servers were last seen registered: fed by serve's ZooKeeper reads, asked by every precheck. */
    public DatacenterMemory datacenters() {
        return datacenters;
    }

    /** The service's metrics (shown on /metrics), for what shares its server. */
    public Telemetry metrics() {
        return metrics;
    }

    /**
     * Before {@link #start()}: more routes on the same server (the status page), and what to close with it.
     */
    public synchronized void add(java.util.function.Consumer<Javalin> routes, AutoCloseable companion) {
        if (state != State.LATENT) {
            throw new IllegalStateException("routes are added before start, not when " + state);
        }
        extraRoutes.add(Objects.requireNonNull(routes, "routes"));
        companions.add(Objects.requireNonNull(companion, "companion"));
    }

    public synchronized void start() {
        if (state != State.LATENT) {
            throw new IllegalStateException("precheck service already " + state);
        }
        if (!auth.enabled()) {
            LOG.warn("serve: auth is none: anyone who reaches {}:{} can run prechecks (opt-out)",
                    settings.http().bindAddress(), settings.http().port());
        }
        if (allowCrossDatacenter) {
            LOG.warn("serve: precheck.allowCrossDatacenter is true: a promotion into another datacenter than the"
                    + " failed primary's is only warned about, not refused (opt-out)");
        }
        server = settings.tls() == null
                ? new AdminServer(settings.http(), metrics, this::health, this::routes)
                : new AdminServer(settings.http(), metrics, this::health, this::routes,
                        TlsConnector.customizer(settings.http(), settings.tls()));
        server.start();
        keepAlive = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "serve-keepalive");
            thread.setDaemon(true);
            return thread;
        });
        keepAlive.scheduleWithFixedDelay(this::keepConnectionsWarm, KEEP_ALIVE_MILLIS, KEEP_ALIVE_MILLIS,
                TimeUnit.MILLISECONDS);
        state = State.STARTED;
        LOG.info("serve: precheck service on {}://{}:{}{} (deadline {} ms, max lag {} s)",
                settings.tls() == null ? "http" : "https", settings.http().bindAddress(), server.port(), PATH,
                deadline.toMillis(), maxLagSeconds);
    }

    public int port() {
        return server.port();
    }

    /** Pings the kept probe connections, drops broken and expired ones (the keep-alive thread runs it). */
    void keepConnectionsWarm() {
        try {
            connections.refresh();
        } catch (RuntimeException e) {
            // The keep-alive must outlive one bad round; the next precheck opens what it needs.
            LOG.warn("serve: keeping probe connections warm failed: {}", e.toString());
        }
    }

    /** Probe connections kept idle now. */
    int idleConnections() {
        return connections.idleCount();
    }

    /** Probe connections reused from an earlier precheck so far. */
    public long reusedConnections() {
        return connections.reused();
    }

    private HealthReport health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", state.name().toLowerCase());
        body.put("prechecks", runs.collect().getDataPoints().get(0).getCount());
        return new HealthReport(state == State.STARTED, body);
    }

    private void routes(Javalin app) {
        app.post(PATH, this::precheck);
        extraRoutes.forEach(r -> r.accept(app));
    }

    private void precheck(Context ctx) {
        long start = System.nanoTime();
        var refusal = auth.refuse(ctx.header("Authorization"));
        if (refusal.isPresent()) {
            unauthorized.inc();
            ctx.status(401).json(Map.of("error", refusal.get()));
            return;
        }
        PrecheckForm form;
        try {
            form = PrecheckForm.parse(ctx.bodyAsBytes());
        } catch (PrecheckForm.MalformedException e) {
            refused.inc();
            LOG.error("serve: precheck refused, bad request: {}", e.getMessage());
            ctx.status(400).json(Map.of("verdict", "fail", "error", e.getMessage()));
            return;
        }
        try {
            List<String> notes = new ArrayList<>();
            if (form.replicas().isEmpty()) {
                notes.add("no replicas named ({replicaHosts} was empty): nothing to fail over to");
            }
            PrecheckCall call = new PrecheckCall(form.failed(), form.replicas(), maxLagSeconds, deadline, start);
            Verdict verdict = call.run(new JdbcProber(connections, connectTimeoutMillis), notes,
                    () -> datacenters.facts(form.successor(), allowCrossDatacenter));
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            PrecheckReport report = PrecheckReport.of(verdict, form.cluster(), form.failed(), maxLagSeconds, deadline,
                    elapsed, notes);
            (verdict.pass() ? passed : failed).inc();
            LOG.info("serve: precheck of cluster {} (failed {}, {} replicas): {} in {} ms", form.cluster(),
                    form.failed(), form.replicas().size(), verdict.summary(), elapsed);
            ctx.status(verdict.pass() ? 200 : 409).json(report);
        } finally {
            runs.observe(Telemetry.secondsSince(start));
        }
    }

    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (keepAlive != null) {
            keepAlive.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
        connections.close();
        for (AutoCloseable companion : companions) {
            try {
                companion.close();
            } catch (Exception e) {
                LOG.warn("serve: closing {} failed: {}", companion, e.toString());
            }
        }
    }
}
