package org.mysqldiscovery.role.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.mysqldiscovery.common.http.BearerAuth;
import org.mysqldiscovery.common.model.Quoting;
import org.mysqldiscovery.role.audit.AuditLog;
import org.mysqldiscovery.role.config.LimitsSettings;
import org.mysqldiscovery.role.decide.DrainRequest;
import org.mysqldiscovery.role.decide.RoleRequest;
import org.mysqldiscovery.role.service.RoleService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /v1} routes. Every request is checked in this order: bearer token (401, or 429 past a caller's
 * allowance of refusals), body size (413), content type (415), body (400, 408 when it does not arrive within
 * {@code limits.requestBodyTimeoutMillis}); only then does {@link RoleService} see it; its
 * {@link org.mysqldiscovery.role.service.Outcome} becomes the status code ({@link Reply#of}: 409, 200, 504…).
 *
 * <p>Bodies are read without blocking a worker thread (Servlet non-blocking input on an async request): a slow
 * client holds a connection, not one of the 16 threads, and is answered 408 at its deadline. Every request that
 * may change something and every refused authenticated request is appended to the audit log; refused
 * unauthenticated requests are written one by one only up to a few per caller per interval, the rest as one summary
 * line per interval ({@link #flushRefusals}), so a flood cannot fill the disk. Successful reads are not audited.
 */
public final class RoleApi implements Consumer<Javalin> {
    private static final Logger LOG = LoggerFactory.getLogger(RoleApi.class);
    /** Callers named one by one in a summary line; the rest are counted. */
    static final int SUMMARY_CALLERS = 20;

    private final RoleService service;
    private final BearerAuth auth;
    private final AuditLog audit;
    private final int drainDefaultSeconds;
    private final RoleMetrics metrics;
    private final RefusalLimiter refusals;
    private final ScheduledExecutorService timers;
    private final long bodyTimeoutMillis;
    private volatile long lastFlushNanos = System.nanoTime();

    /**
     * @param timers runs body deadlines (and nothing slow)
     */
    public RoleApi(RoleService service, BearerAuth auth, AuditLog audit, int drainDefaultSeconds,
            RoleMetrics metrics, LimitsSettings limits, ScheduledExecutorService timers) {
        this.service = service;
        this.auth = auth;
        this.audit = audit;
        this.drainDefaultSeconds = drainDefaultSeconds;
        this.metrics = metrics;
        this.refusals = new RefusalLimiter(limits.refusedBurst(), limits.refusedPerSecond(),
                limits.refusedInFullPerInterval());
        this.timers = timers;
        this.bodyTimeoutMillis = limits.requestBodyTimeoutMillis();
    }

    @Override
    public void accept(Javalin app) {
        app.get("/v1/role", ctx -> handle(ctx, "get_role", null));
        app.put("/v1/role", ctx -> handle(ctx, "put_role", Endpoint.PUT_ROLE));
        app.put("/v1/drain", ctx -> handle(ctx, "put_drain", Endpoint.PUT_DRAIN));
        app.delete("/v1/drain", ctx -> handle(ctx, "delete_drain", Endpoint.DELETE_DRAIN));
        app.error(404, ctx -> ctx.json(Reply.error(404, null, "no such endpoint: " + ctx.method() + " "
                + ctx.path() + " (see GET/PUT /v1/role, PUT/DELETE /v1/drain, GET /health, GET /metrics)").body()));
        app.error(405, ctx -> ctx.json(Reply.error(405, null, "method " + ctx.method() + " is not allowed on "
                + ctx.path()).body()));
    }

    private enum Endpoint { PUT_ROLE, PUT_DRAIN, DELETE_DRAIN }

    /** A request's fields for the audit log, and the reply. */
    private record Handled(Map<String, Object> request, Reply reply) {
    }

    private void handle(Context ctx, String metric, Endpoint endpoint) {
        long start = System.nanoTime();
        Optional<String> refused = auth.refuse(ctx.header("Authorization"));
        if (refused.isPresent()) {
            refuse(ctx, metric, refused.get(), start);
            return;
        }
        if (endpoint == null) {
            finish(ctx, metric, endpoint, new Handled(null, Reply.of(service.getRole())), start);
            return;
        }
        if (endpoint == Endpoint.DELETE_DRAIN) {
            finish(ctx, metric, endpoint, new Handled(null, Reply.of(service.deleteDrain())), start);
            return;
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > RequestParser.MAX_BODY_BYTES) {
            finish(ctx, metric, endpoint, new Handled(Map.of("bodyBytes", declared), Reply.error(413, "body",
                    "body of " + declared + " bytes exceeds " + RequestParser.MAX_BODY_BYTES + " bytes")), start);
            return;
        }
        Optional<String> badType = contentTypeProblem(ctx.header("Content-Type"));
        if (badType.isPresent()) {
            finish(ctx, metric, endpoint, new Handled(null, Reply.error(415, "Content-Type", badType.get())), start);
            return;
        }
        // Javalin starts the async request before it calls the supplier: the body is read by Jetty's selector, no
        // worker thread waits for it; the reply is written by the thread that completes the future.
        ctx.future(() -> AsyncBody.read(ctx.req(), RequestParser.MAX_BODY_BYTES, bodyTimeoutMillis, timers)
                .handle((body, failure) -> {
                    finish(ctx, metric, endpoint, failure == null ? process(endpoint, body) : bodyFailed(failure),
                            start);
                    return null;
                }));
    }

    private Handled process(Endpoint endpoint, byte[] body) {
        try {
            if (endpoint == Endpoint.PUT_ROLE) {
                RoleRequest request = RequestParser.parseRole(body);
                return new Handled(request.describe(), Reply.of(service.putRole(request)));
            }
            DrainRequest request = RequestParser.parseDrain(body, drainDefaultSeconds);
            return new Handled(request.describe(), Reply.of(service.putDrain(request)));
        } catch (InvalidRequestException e) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("bodyBytes", body.length);
            return new Handled(request, Reply.error(400, e.field(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("unhandled error", e);
            return new Handled(null, Reply.error(500, null, "internal error: " + e.getClass().getSimpleName()));
        }
    }

    private Handled bodyFailed(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof BodyReader.TooLargeException) {
            return new Handled(null, Reply.error(413, "body", cause.getMessage()));
        }
        if (cause instanceof AsyncBody.DeadlineException) {
            metrics.bodyTimedOut();
            return new Handled(null, Reply.error(408, "body", cause.getMessage()));
        }
        return new Handled(null, Reply.error(400, "body", "cannot read the body: " + cause));
    }

    /** A refused unauthenticated request: 401 (written in full or counted) or 429 (counted). */
    private void refuse(Context ctx, String metric, String why, long start) {
        String caller = ctx.ip();
        RefusalLimiter.Verdict verdict = refusals.refuse(caller, System.nanoTime());
        Reply reply = verdict == RefusalLimiter.Verdict.LIMIT
                ? Reply.error(429, null, "too many refused requests from " + caller + "; retry later")
                : Reply.error(401, null, why);
        metrics.answered(metric, reply.status(), (System.nanoTime() - start) / 1e9);
        if (reply.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"role-agent\"");
        } else {
            ctx.header("Retry-After", "1");
        }
        ctx.status(reply.status()).json(reply.body());
        if (verdict == RefusalLimiter.Verdict.REFUSE_IN_FULL) {
            audit.record(caller, ctx.method().name(), ctx.path(), null, reply.status(), reply.body());
            LOG.info("{} {} from {} -> {}", ctx.method(), ctx.path(), caller, reply.status());
        }
    }

    private void finish(Context ctx, String metric, Endpoint endpoint, Handled handled, long start) {
        Reply reply = handled.reply();
        metrics.answered(metric, reply.status(), (System.nanoTime() - start) / 1e9);
        if (reply.status() == 408) {
            ctx.header("Connection", "close");
        }
        ctx.status(reply.status()).json(reply.body());
        boolean mutating = endpoint != null;
        if (mutating || reply.status() >= 400) {
            audit.record(ctx.ip(), ctx.method().name(), ctx.path(), handled.request(), reply.status(), reply.body());
            LOG.info("{} {} from {} -> {}", ctx.method(), ctx.path(), ctx.ip(), reply.status());
        }
    }

    /**
     * Writes one summary line (audit log and program log) of the refused requests not written one by one since
     * the last call, if there were any. Called every {@code limits.summaryIntervalMillis}.
     */
    public void flushRefusals() {
        long now = System.nanoTime();
        long intervalMillis = (now - lastFlushNanos) / 1_000_000;
        lastFlushNanos = now;
        List<RefusalLimiter.CallerCount> counts = refusals.drain(now);
        if (counts.isEmpty()) {
            return;
        }
        List<Map<String, Object>> named = new ArrayList<>();
        long refused = 0;
        long limited = 0;
        for (RefusalLimiter.CallerCount count : counts) {
            refused += count.refused();
            limited += count.limited();
            if (named.size() < SUMMARY_CALLERS) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("caller", count.caller());
                entry.put("refused", count.refused());
                entry.put("limited", count.limited());
                entry.put("writtenInFull", count.writtenInFull());
                named.add(entry);
            }
        }
        audit.summary(intervalMillis, named, counts.size() - named.size());
        LOG.warn("refused requests in the last {} ms, not logged one by one: {} answered 401, {} answered 429, "
                + "from {} callers (most: {})", intervalMillis, refused, limited, counts.size(),
                counts.get(0).caller());
    }

    /** Only {@code application/json}, with no charset or UTF-8. */
    static Optional<String> contentTypeProblem(String header) {
        if (header == null || header.isBlank()) {
            return Optional.of("missing Content-Type: expected application/json");
        }
        String[] parts = header.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json")) {
            return Optional.of("Content-Type " + Quoting.quote(parts[0].strip())
                    + " is not application/json");
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT).replace("\"", "");
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8")) {
                return Optional.of("only UTF-8 bodies are accepted, not " + Quoting.quote(parameter));
            }
        }
        return Optional.empty();
    }
}
