package org.mysqldiscovery.cli.status;

import io.prometheus.metrics.core.metrics.Counter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mysqldiscovery.common.metrics.Telemetry;

/**
 * The operator's status page on the serve process's HTTP server: {@code GET /status/} (plain HTML, CSS and JS from
 * this jar: nothing fetched from elsewhere, no framework) and {@code GET /v1/status} (its data, a
 * {@link StatusDocument}). Behind the same token as the precheck ({@link BrowserAuth}: Basic with the token as
 * password, or Bearer); read-only: every other method on these paths answers 405. Every answer carries a strict
 * Content-Security-Policy ({@code default-src 'self'}), no caching, no framing.
 */
public final class StatusPage {
    public static final String PAGE = "/status/";
    public static final String DATA = "/v1/status";
    private static final String REALM = "Basic realm=\"mysql-discovery status\", charset=\"UTF-8\"";
    static final String CSP = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** Files served under {@link #PAGE}, by name → content type. */
    private static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "status.css", "text/css; charset=utf-8",
            "status.js", "text/javascript; charset=utf-8",
            "icon.svg", "image/svg+xml");

    private final FleetWatch watch;
    private final ProxySqlWatch proxysql;
    private final BrowserAuth auth;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Counter unauthorized;
    private final Counter refusedMethods;

    public StatusPage(FleetWatch watch, BrowserAuth auth, Telemetry metrics) {
        this(watch, null, auth, metrics);
    }

    /** @param proxysql the ProxySQLs whose routing the page shows, or null (none) */
    public StatusPage(FleetWatch watch, ProxySqlWatch proxysql, BrowserAuth auth, Telemetry metrics) {
        this.watch = Objects.requireNonNull(watch, "watch");
        this.proxysql = proxysql;
        this.auth = Objects.requireNonNull(auth, "auth");
        for (String name : ASSETS.keySet()) {
            files.put(name, resource(name));
        }
        this.unauthorized = metrics.counter("serve_status_unauthorized_total",
                "Status page requests refused for missing or wrong credentials (401)");
        this.refusedMethods = metrics.counter("serve_status_method_refused_total",
                "Status page requests with a method other than GET (405: the page changes nothing)");
        metrics.gauge("serve_status_fresh", "1 while the status page's ZooKeeper view is fresh (0: shown as STALE)",
                () -> watch.fresh() ? 1 : 0);
        metrics.gauge("serve_status_proxysql_unreadable", "ProxySQLs of serve.statusPage.syncConfigs whose last admin "
                + "read failed (the page shows their last rows and why)",
                () -> proxysql == null ? 0 : proxysql.reads().stream().filter(r -> r.error() != null).count());
    }

    private static byte[] resource(String name) {
        try (InputStream in = StatusPage.class.getResourceAsStream("/status-page/" + name)) {
            if (in == null) {
                throw new IllegalStateException("status page file " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read status page file " + name, e);
        }
    }

    public void routes(Javalin app) {
        // The server ignores trailing slashes: /status and /status/ are this one route (assets use absolute paths).
        app.get("/", ctx -> secured(ctx).redirect(PAGE));
        app.get(PAGE, ctx -> asset(ctx, "index.html"));
        app.get(PAGE + "{file}", ctx -> asset(ctx, ctx.pathParam("file")));
        app.get(DATA, this::data);
        Handler refuse = ctx -> {
            refusedMethods.inc();
            secured(ctx).header("Allow", "GET").status(405)
                    .json(Map.of("error", "the status page is read-only: only GET"));
        };
        for (String path : List.of("/", PAGE, PAGE + "{file}", DATA)) {
            app.post(path, refuse);
            app.put(path, refuse);
            app.delete(path, refuse);
            app.patch(path, refuse);
        }
    }

    private static Context secured(Context ctx) {
        return ctx.header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store");
    }

    /** Answers 401 (and true) unless the request authenticates. */
    private boolean refused(Context ctx) {
        var refusal = auth.refuse(ctx.header("Authorization"));
        if (refusal.isEmpty()) {
            return false;
        }
        unauthorized.inc();
        secured(ctx).header("WWW-Authenticate", REALM).status(401).json(Map.of("error", refusal.get()));
        return true;
    }

    private void asset(Context ctx, String name) {
        if (refused(ctx)) {
            return;
        }
        String type = ASSETS.get(name);
        if (type == null) {
            secured(ctx).status(404).json(Map.of("error", "no such file on the status page"));
            return;
        }
        secured(ctx).contentType(type).result(files.get(name));
    }

    private void data(Context ctx) {
        if (refused(ctx)) {
            return;
        }
        StatusDocument document = watch.document();
        secured(ctx).json(proxysql == null ? document : document.withProxySql(proxysql.reads()));
    }
}
