package org.mysqldiscovery.sync.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /status} answers: more than the status node (which must stay small), for humans and probes.
 *
 * @param proxysql            the admin this sync writes to
 * @param mode                apply or dry-run
 * @param running             the reconcile thread is alive
 * @param blind               the view is not trusted: nothing is changed
 * @param blindReason         why
 * @param zookeeper           last ZooKeeper connection state
 * @param appliedZxid         zxid up to which ProxySQL reflects the complete view (-1: never, or dry-run)
 * @param planDigest          digest of the rows last applied or found in place
 * @param appliedAt           when ProxySQL last matched a complete plan
 * @param lastPassAt          when the last reconcile pass ended
 * @param lastSuccessAt       when the last pass ended without error
 * @param lastError           the last error, if any
 * @param consecutiveFailures failed passes since the last good one
 * @param guards              conditions holding now (with when they started and whether they paged)
 * @param pollTimeout         ProxySQL's mysql-poll_timeout and whether it releases held writes late
 * @param unknownSchemas      schemas registered in ZooKeeper that the hostgroup map does not know
 * @param ignoredNodes        ZooKeeper nodes that could not be used (bad path or payload, untrusted ACL), with a sample "path: why"
 * @param hostgroupConflict   set when a managed hostgroup is in mysql_replication_hostgroups (writes refused)
 * @param counts              counters since start
 * @param managedHostgroups   how many hostgroups this sync owns
 * @param desiredRows         rows in the managed hostgroups by the last plan
 * @param settle              the settle window after the view was read again or caught up after a reconnect: removals it holds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncReport(
        String proxysql,
        String mode,
        boolean running,
        boolean blind,
        String blindReason,
        String zookeeper,
        long appliedZxid,
        String planDigest,
        Instant appliedAt,
        Instant lastPassAt,
        Instant lastSuccessAt,
        ErrorInfo lastError,
        int consecutiveFailures,
        List<GuardInfo> guards,
        PollTimeout pollTimeout,
        Named unknownSchemas,
        Named ignoredNodes,
        String hostgroupConflict,
        Counts counts,
        int managedHostgroups,
        int desiredRows,
        Settle settle) {

    /** A report with every field at its "nothing known yet" value; set the rest by name. */
    public static Builder builder(String proxysql, String mode) {
        return new Builder(proxysql, mode);
    }

    /** This report with fields to change by name: {@code report.toBuilder().running(false).build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link SyncReport} by field name (the record has too many fields to read positionally). */
    public static final class Builder {
        private final String proxysql;
        private final String mode;
        private boolean running;
        private boolean blind;
        private String blindReason;
        private String zookeeper;
        private long appliedZxid = -1;
        private String planDigest;
        private Instant appliedAt;
        private Instant lastPassAt;
        private Instant lastSuccessAt;
        private ErrorInfo lastError;
        private int consecutiveFailures;
        private List<GuardInfo> guards = List.of();
        private PollTimeout pollTimeout;
        private Named unknownSchemas;
        private Named ignoredNodes;
        private String hostgroupConflict;
        private Counts counts;
        private int managedHostgroups;
        private int desiredRows;
        private Settle settle;

        private Builder(String proxysql, String mode) {
            this.proxysql = proxysql;
            this.mode = mode;
        }

        private Builder(SyncReport r) {
            this(r.proxysql, r.mode);
            running = r.running;
            blind = r.blind;
            blindReason = r.blindReason;
            zookeeper = r.zookeeper;
            appliedZxid = r.appliedZxid;
            planDigest = r.planDigest;
            appliedAt = r.appliedAt;
            lastPassAt = r.lastPassAt;
            lastSuccessAt = r.lastSuccessAt;
            lastError = r.lastError;
            consecutiveFailures = r.consecutiveFailures;
            guards = r.guards;
            pollTimeout = r.pollTimeout;
            unknownSchemas = r.unknownSchemas;
            ignoredNodes = r.ignoredNodes;
            hostgroupConflict = r.hostgroupConflict;
            counts = r.counts;
            managedHostgroups = r.managedHostgroups;
            desiredRows = r.desiredRows;
            settle = r.settle;
        }

        public Builder running(boolean value) {
            running = value;
            return this;
        }

        /** Blind (or not), and why. */
        public Builder blind(boolean value, String reason) {
            blind = value;
            blindReason = reason;
            return this;
        }

        public Builder zookeeper(String value) {
            zookeeper = value;
            return this;
        }

        public Builder appliedZxid(long value) {
            appliedZxid = value;
            return this;
        }

        public Builder planDigest(String value) {
            planDigest = value;
            return this;
        }

        public Builder appliedAt(Instant value) {
            appliedAt = value;
            return this;
        }

        public Builder lastPassAt(Instant value) {
            lastPassAt = value;
            return this;
        }

        public Builder lastSuccessAt(Instant value) {
            lastSuccessAt = value;
            return this;
        }

        public Builder lastError(ErrorInfo value) {
            lastError = value;
            return this;
        }

        public Builder consecutiveFailures(int value) {
            consecutiveFailures = value;
            return this;
        }

        public Builder guards(List<GuardInfo> value) {
            guards = value;
            return this;
        }

        public Builder pollTimeout(PollTimeout value) {
            pollTimeout = value;
            return this;
        }

        public Builder unknownSchemas(Named value) {
            unknownSchemas = value;
            return this;
        }

        public Builder ignoredNodes(Named value) {
            ignoredNodes = value;
            return this;
        }

        public Builder hostgroupConflict(String value) {
            hostgroupConflict = value;
            return this;
        }

        public Builder counts(Counts value) {
            counts = value;
            return this;
        }

        public Builder managedHostgroups(int value) {
            managedHostgroups = value;
            return this;
        }

        public Builder desiredRows(int value) {
            desiredRows = value;
            return this;
        }

        public Builder settle(Settle value) {
            settle = value;
            return this;
        }

        public SyncReport build() {
            return new SyncReport(proxysql, mode, running, blind, blindReason, zookeeper, appliedZxid, planDigest,
                    appliedAt, lastPassAt, lastSuccessAt, lastError, consecutiveFailures, guards, pollTimeout,
                    unknownSchemas, ignoredNodes, hostgroupConflict, counts, managedHostgroups, desiredRows, settle);
        }
    }

    /**
     * @param open         removals of absent servers wait
     * @param until        when the window closes (null when closed)
     * @param settleMillis the configured length (0: off)
     * @param heldRows     rows kept only because the window is open
     * @param heldSample   a few of them
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Settle(boolean open, Instant until, long settleMillis, int heldRows, List<String> heldSample) {
        public Settle {
            heldSample = List.copyOf(heldSample);
        }
    }

    public record ErrorInfo(Instant at, String kind, String message) {
    }

    public record GuardInfo(String kind, String subject, Instant since, boolean paged, String summary) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PollTimeout(Long millis, long warnAboveMillis, boolean warning, String note) {
    }

    public record Named(int count, List<String> sample) {
        public Named {
            sample = List.copyOf(sample);
        }
    }

    public record Counts(long passes, long applies, long noops, long dryRunPlans, long driftRepairs, long failures,
            long refusedPasses, long blindPasses) {
    }
}
