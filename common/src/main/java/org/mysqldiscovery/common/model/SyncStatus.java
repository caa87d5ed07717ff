package org.mysqldiscovery.common.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * The payload of {@code sync/<proxysql-host>:<admin-port>}. {@code appliedZxid} is the ZooKeeper zxid up to which
 * the applied view is complete: a convergence wait compares it with the zxid of the change it waits for.
 *
 * @param proxysql      the ProxySQL admin this sync writes to
 * @param mode          {@code apply} or {@code dry-run} on the wire; absent means {@code apply} (payloads written
 *                      before the field existed); any other value makes the payload malformed (a sync whose mode
 *                      we cannot read is held unreadable, never taken for a dry-run)
 * @param planDigest    digest of the rows last applied (or found already in place)
 * @param appliedAt     when ProxySQL last matched the plan
 * @param appliedZxid   zxid up to which the applied view is complete; -1 before the first apply
 * @param blind         true while the sync does not trust its view (ZooKeeper suspended/lost, cache not ready)
 * @param guards        schema → guard state ({@code ok}, {@code double-primary}, {@code no-primary}, …);
 *                      key {@code *} for global guards such as mass removal
 * @param agentVersion  version of the sync
 * @param settlingUntil while the sync's settle window is open (after its ZooKeeper view was re-read from scratch),
 *                      when it closes: until then removals of servers absent from the view wait; null otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncStatus(
        String proxysql,
        SyncMode mode,
        String planDigest,
        Instant appliedAt,
        long appliedZxid,
        boolean blind,
        Map<String, String> guards,
        String agentVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant settlingUntil) {

    public SyncStatus {
        if (proxysql == null || proxysql.isBlank()) {
            throw new IllegalArgumentException("sync status proxysql is missing");
        }
        Instance.parse(proxysql);
        if (mode == null) {
            mode = SyncMode.APPLY;
        }
        if (appliedZxid < -1) {
            throw new IllegalArgumentException("sync status appliedZxid " + appliedZxid + " is negative");
        }
        guards = guards == null ? Map.of() : Map.copyOf(guards);
    }

    /** A status without settle window. */
    public SyncStatus(String proxysql, SyncMode mode, String planDigest, Instant appliedAt, long appliedZxid,
            boolean blind, Map<String, String> guards, String agentVersion) {
        this(proxysql, mode, planDigest, appliedAt, appliedZxid, blind, guards, agentVersion, null);
    }
}
