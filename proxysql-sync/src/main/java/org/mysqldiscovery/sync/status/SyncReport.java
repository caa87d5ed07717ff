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
 * @param settle              the settle window after the view was re-read from scratch: removals it holds
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
