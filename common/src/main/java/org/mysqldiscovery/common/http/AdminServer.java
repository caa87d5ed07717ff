package org.mysqldiscovery.common.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.lifecycle.Lifecycle;
import org.mysqldiscovery.common.lifecycle.State;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server every program runs: {@code /health} (200 or 503 with a JSON body), {@code /metrics}
 * (Prometheus text), plus the program's own routes. Small thread pool: these are admin endpoints, and each agent must
 * stay within its memory budget.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** docs/DESIGN.md: bodies over 16 KiB are refused. */
    public static final long MAX_BODY_BYTES = 16 * 1024;

    private final HttpSettings settings;
    private final Supplier<HealthReport> health;
    private final PrometheusText metricsText;
    private final Consumer<Javalin> routes;
    private final Consumer<JavalinConfig> customizer;
    private final Lifecycle state = new Lifecycle("admin server");
    private volatile Javalin app;

    public AdminServer(HttpSettings settings, Telemetry metrics, Supplier<HealthReport> health,
            Consumer<Javalin> routes) {
        this(settings, metrics, health, routes, config -> { });
    }

    /**
     * @param customizer adjusts the Javalin config before start (TLS connectors, request logging)
     */
    public AdminServer(HttpSettings settings, Telemetry metrics, Supplier<HealthReport> health,
            Consumer<Javalin> routes, Consumer<JavalinConfig> customizer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.health = Objects.requireNonNull(health, "health");
        this.metricsText = new PrometheusText(Objects.requireNonNull(metrics, "metrics").registry());
        this.routes = Objects.requireNonNull(routes, "routes");
        this.customizer = Objects.requireNonNull(customizer, "customizer");
        metrics.gauge("secret_files_exposed", "Secret files this program read that group or others can read"
                + " (each is warned about at start)", () -> SecretFile.exposedSecrets().size());
    }

    public void start() {
        state.start();
        quietJettyPerConnectionWarnings();
        SecretFile.exposedSecrets().forEach((file, who) -> LOG.warn("SECRET FILE READABLE BY {}: {} (chmod 0400 or "
                + "0600 it; it is used anyway)", who, file));
        ObjectMapper mapper = PayloadCodec.newMapper();
        Javalin created = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.jetty.threadPool = threadPool();
            customizer.accept(config);
        });
        created.get("/health", ctx -> {
            HealthReport report = health.get();
            ctx.status(report.healthy() ? 200 : 503).json(report.body());
        });
        created.get("/metrics", ctx -> ctx.contentType(PrometheusText.CONTENT_TYPE).result(metricsText.render()));
        created.exception(Exception.class, (e, ctx) -> {
            LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(Map.of("error", "internal error: " + e.getClass().getSimpleName()));
        });
        routes.accept(created);
        created.start(settings.bindAddress(), settings.port());
        app = created;
        LOG.info("HTTP listening on {}:{}", settings.bindAddress(), created.port());
    }

    /**
     * Jetty warns once per connection that is answered before its body arrived ("Pending read in onCompleted",
     * several KB each): a crowd of slow clients answered 408 would fill the program log with them. The program counts
     * and summarizes such answers itself; Jetty's connection-level WARNs are dropped, its errors kept.
     */
    private static void quietJettyPerConnectionWarnings() {
        if (LoggerFactory.getLogger(JETTY_CONNECTION_LOGGER) instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    private static final String JETTY_CONNECTION_LOGGER = "org.eclipse.jetty.server.HttpConnection";

    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2, 30_000);
        pool.setName("http");
        pool.setDaemon(true);
        return pool;
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        Javalin current = app;
        if (current == null) {
            throw new IllegalStateException("admin server not started");
        }
        return current.port();
    }

    public State state() {
        return state.state();
    }

    @Override
    public void close() {
        if (!state.close()) {
            return;
        }
        Javalin current = app;
        if (current != null) {
            current.stop();
        }
    }
}
