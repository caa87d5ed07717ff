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
 * @param settlingUntil while the sync's settle window is open (after its ZooKeeper view was read again or caught up after a reconnect),
 *                      when it closes: until then removals of servers absent from the view wait; null otherwise
 * @param settleHeldRows while the settle window is open, how many rows it keeps that the view no longer has; null
 *                      otherwise
 * @param paged         schema (or {@code *}) → the guard condition token(s) whose page was triggered and not yet
 *                      resolved (the open incidents of this sync); empty, and left out of the node, when none
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
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant settlingUntil,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer settleHeldRows,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> paged) {

    /** Entries of {@code guards} or {@code paged}: far more than the schemas one ProxySQL routes. */
    public static final int MAX_ENTRIES = 10_000;
    /** Length of a key or value there: a schema name, or a few condition tokens joined by commas. */
    public static final int MAX_TEXT = 512;

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
        guards = bounded("guards", guards);
        paged = bounded("paged", paged);
        if (settleHeldRows != null && settleHeldRows < 0) {
            throw new IllegalArgumentException("sync status settleHeldRows " + settleHeldRows + " is negative");
        }
    }

    /** A status without held-row count or open pages (as syncs before them wrote it). */
    public SyncStatus(String proxysql, SyncMode mode, String planDigest, Instant appliedAt, long appliedZxid,
            boolean blind, Map<String, String> guards, String agentVersion, Instant settlingUntil) {
        this(proxysql, mode, planDigest, appliedAt, appliedZxid, blind, guards, agentVersion, settlingUntil, null,
                null);
    }

    /** A status without settle window. */
    public SyncStatus(String proxysql, SyncMode mode, String planDigest, Instant appliedAt, long appliedZxid,
            boolean blind, Map<String, String> guards, String agentVersion) {
        this(proxysql, mode, planDigest, appliedAt, appliedZxid, blind, guards, agentVersion, null, null, null);
    }

    private static Map<String, String> bounded(String field, Map<String, String> map) {
        if (map == null) {
            return Map.of();
        }
        if (map.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("sync status " + field + " has " + map.size() + " entries, more than "
                    + MAX_ENTRIES);
        }
        map.forEach((key, value) -> {
            if (key == null || value == null || key.isEmpty() || key.length() > MAX_TEXT || value.length() > MAX_TEXT
                    || key.chars().anyMatch(Character::isISOControl)
                    || value.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("sync status " + field + " has an entry that is not a schema and "
                        + "condition tokens (empty, null, over " + MAX_TEXT + " characters, or a control character)");
            }
        });
        return Map.copyOf(map);
    }
}
