package org.mysqldiscovery.role.http;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.mysqldiscovery.common.metrics.Telemetry;

/**
 * The role agent's metrics ({@code mysql_discovery_role_*}; names and meanings in docs/DESIGN.md "Metrics").
 * {@code endpoint} and {@code code} take the values below only (bounded), all present from start.
 */
public final class RoleMetrics {
    /** The API's endpoints, as the {@code endpoint} label. */
    public static final List<String> ENDPOINTS = List.of("get_role", "put_role", "put_drain", "delete_drain");
    /** Every status code the API answers with (docs/DESIGN.md "Role API"). */
    public static final List<Integer> CODES = List.of(200, 400, 401, 404, 405, 408, 409, 413, 415, 429, 500, 503,
            504);

    private final Telemetry telemetry;
    private final Histogram requests;
    private final Counter responses;
    final CounterDataPoint changes;
    final CounterDataPoint quarantineFailures;
    final CounterDataPoint fenceFailures;
    final CounterDataPoint notices;
    final CounterDataPoint drainTimeouts;
    final CounterDataPoint auditFailures;
    final CounterDataPoint bodyTimeouts;

    public RoleMetrics(Telemetry telemetry) {
        this.telemetry = telemetry;
        requests = telemetry.seconds("role_http_request_duration_seconds",
                "Time the role API took to answer a hook's request, by endpoint", "endpoint");
        responses = telemetry.counter("role_http_responses_total",
                "Role API answers by endpoint and HTTP status code (401: bad token; 409: refused; 5xx: failed)",
                "endpoint", "code");
        for (String endpoint : ENDPOINTS) {
            requests.labelValues(endpoint);
            for (int code : CODES) {
                responses.labelValues(endpoint, Integer.toString(code));
            }
        }
        changes = telemetry.counter("role_changes_total", "Role files this agent rewrote (role flips)").labelValues();
        quarantineFailures = telemetry.counter("role_quarantine_failures_total",
                "Quarantine nodes that could not be written in time (the demotion still happened)").labelValues();
        fenceFailures = telemetry.counter("role_fence_failures_total",
                "Demotions whose read_only fencing failed").labelValues();
        notices = telemetry.counter("role_notices_total", "Notices paged by the role agent").labelValues();
        drainTimeouts = telemetry.counter("role_drain_timeouts_total",
                "Drain leases whose convergence was not confirmed by every sync in time").labelValues();
        auditFailures = telemetry.counter("role_audit_failures_total",
                "Audit log records that could not be written").labelValues();
        bodyTimeouts = telemetry.counter("role_http_body_timeouts_total",
                "Requests whose body did not arrive within limits.requestBodyTimeoutMillis (408)").labelValues();
    }

    public Telemetry telemetry() {
        return telemetry;
    }

    /** The gauges read at scrape time. */
    public void draining(BooleanSupplier draining) {
        telemetry.flag("role_draining", "1 while a drain lease on this primary runs", draining);
    }

    /** One answered request ({@code endpoint} from {@link #ENDPOINTS}). */
    public void answered(String endpoint, int code, double seconds) {
        requests.labelValues(endpoint).observe(seconds);
        responses.labelValues(endpoint, Integer.toString(code)).inc();
    }

    public void roleChanged() {
        changes.inc();
    }

    public void quarantineFailed() {
        quarantineFailures.inc();
    }

    public void fenceFailed() {
        fenceFailures.inc();
    }

    public void noticed() {
        notices.inc();
    }

    public void drainTimedOut() {
        drainTimeouts.inc();
    }

    public void bodyTimedOut() {
        bodyTimeouts.inc();
    }

    /** ZooKeeper without authentication (an explicit opt-out). */
    public void unauthenticated(java.util.function.BooleanSupplier unauthenticated) {
        telemetry.flag("zookeeper_unauthenticated", "1 when this program talks to ZooKeeper without authentication"
                + " (an explicit opt-out: anyone on the network may write its nodes)", unauthenticated);
    }

    public void auditFailed() {
        auditFailures.inc();
    }

    public long drainTimeouts() {
        return (long) drainTimeouts.get();
    }

    public long quarantineFailures() {
        return (long) quarantineFailures.get();
    }

    public long auditFailures() {
        return (long) auditFailures.get();
    }
}
