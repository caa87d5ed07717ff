package org.mysqldiscovery.role.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.mysqldiscovery.common.http.BearerAuth;
import org.mysqldiscovery.common.model.Quoting;
import org.mysqldiscovery.role.audit.AuditLog;
import org.mysqldiscovery.role.decide.DrainRequest;
import org.mysqldiscovery.role.decide.InvalidRequestException;
import org.mysqldiscovery.role.decide.RequestParser;
import org.mysqldiscovery.role.decide.RoleRequest;
import org.mysqldiscovery.role.service.Reply;
import org.mysqldiscovery.role.service.RoleService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /v1} routes. Every request is checked in this order: bearer token (401), body size (413), content type
 * (415), body (400); only then does {@link RoleService} see it (409, 200, 504…). Every refused request and every
 * request that may change something is appended to the audit log; successful reads are not.
 */
public final class RoleApi implements Consumer<Javalin> {
    private static final Logger LOG = LoggerFactory.getLogger(RoleApi.class);

    private final RoleService service;
    private final BearerAuth auth;
    private final AuditLog audit;
    private final int drainDefaultSeconds;
    private final RoleMetrics metrics;

    public RoleApi(RoleService service, BearerAuth auth, AuditLog audit, int drainDefaultSeconds,
            RoleMetrics metrics) {
        this.service = service;
        this.auth = auth;
        this.audit = audit;
        this.drainDefaultSeconds = drainDefaultSeconds;
        this.metrics = metrics;
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
        Handled handled = process(ctx, endpoint);
        Reply reply = handled.reply();
        metrics.answered(metric, reply.status(), Telemetry.secondsSince(start));
        if (reply.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"role-agent\"");
        }
        ctx.status(reply.status()).json(reply.body());
        boolean mutating = endpoint != null;
        if (mutating || reply.status() >= 400) {
            audit.record(ctx.ip(), ctx.method().name(), ctx.path(), handled.request(), reply.status(), reply.body());
            LOG.info("{} {} from {} -> {}", ctx.method(), ctx.path(), ctx.ip(), reply.status());
        }
    }

    private Handled process(Context ctx, Endpoint endpoint) {
        Optional<String> refused = auth.refuse(ctx.header("Authorization"));
        if (refused.isPresent()) {
            return new Handled(null, Reply.error(401, null, refused.get()));
        }
        if (endpoint == null) {
            return new Handled(null, service.getRole());
        }
        if (endpoint == Endpoint.DELETE_DRAIN) {
            return new Handled(null, service.deleteDrain());
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > RequestParser.MAX_BODY_BYTES) {
            return new Handled(Map.of("bodyBytes", declared), Reply.error(413, "body", "body of " + declared
                    + " bytes exceeds " + RequestParser.MAX_BODY_BYTES + " bytes"));
        }
        Optional<String> badType = contentTypeProblem(ctx.header("Content-Type"));
        if (badType.isPresent()) {
            return new Handled(null, Reply.error(415, "Content-Type", badType.get()));
        }
        byte[] body;
        try {
            body = BodyReader.read(ctx.req().getInputStream(), declared, RequestParser.MAX_BODY_BYTES);
        } catch (BodyReader.TooLargeException e) {
            return new Handled(null, Reply.error(413, "body", e.getMessage()));
        } catch (IOException e) {
            return new Handled(null, Reply.error(400, "body", "cannot read the body: " + e.getMessage()));
        }
        try {
            if (endpoint == Endpoint.PUT_ROLE) {
                RoleRequest request = RequestParser.parseRole(body);
                return new Handled(request.describe(), service.putRole(request));
            }
            DrainRequest request = RequestParser.parseDrain(body, drainDefaultSeconds);
            return new Handled(request.describe(), service.putDrain(request));
        } catch (InvalidRequestException e) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("bodyBytes", body.length);
            return new Handled(request, Reply.error(400, e.field(), e.getMessage()));
        }
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
