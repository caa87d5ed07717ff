package org.mysqldiscovery.sync.plan;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mysqldiscovery.common.model.SchemaName;

/**
 * The planner's answer.
 *
 * @param desired            every row the managed hostgroups should hold, sorted by key. Refused parts hold the
 *                           current rows: a refused change keeps what ProxySQL has now
 * @param diff               current → desired
 * @param verdicts           guard verdict of every mapped schema
 * @param massRemoval        set when the whole plan was refused (then {@code desired} equals the current rows)
 * @param unknownSchemas     schemas registered in ZooKeeper that the map does not know (ignored)
 * @param skippedQuarantined registrations not routed because their instance is quarantined
 * @param skippedUnmapped    registrations not routed because their role has no hostgroup in the map
 * @param digest             a short digest of {@code desired}
 * @param held               rows kept although the view no longer has them: removals held by the settle window
 *                           (their servers are absent, their agents may not have re-registered yet)
 * @param drainFirst         live writer rows the diff removes, as {@code OFFLINE_SOFT}: written and loaded before the
 *                           diff, and the diff waits until no query runs on them ({@link WriterDrain})
 */
public record Plan(
        List<ServerRow> desired,
        RowDiff diff,
        Map<SchemaName, SchemaVerdict> verdicts,
        MassRemoval massRemoval,
        Set<SchemaName> unknownSchemas,
        int skippedQuarantined,
        int skippedUnmapped,
        String digest,
        List<RowKey> held,
        List<ServerRow> drainFirst) {

    public Plan {
        drainFirst = List.copyOf(drainFirst);
        desired = List.copyOf(desired);
        Objects.requireNonNull(diff, "diff");
        verdicts = Collections.unmodifiableMap(new TreeMap<>(verdicts));
        unknownSchemas = Collections.unmodifiableSet(new TreeSet<>(unknownSchemas));
        Objects.requireNonNull(digest, "digest");
        held = List.copyOf(held);
    }

    public Optional<MassRemoval> massRemovalRefusal() {
        return Optional.ofNullable(massRemoval);
    }

    /** Schemas whose change was refused (their rows are kept as they are). */
    public Set<SchemaName> refusedSchemas() {
        Set<SchemaName> refused = new TreeSet<>();
        verdicts.values().stream().filter(v -> v.guard().refuses()).forEach(v -> refused.add(v.schema()));
        return refused;
    }

    /** True when nothing was refused or held: once applied, ProxySQL reflects the whole view. */
    public boolean complete() {
        return massRemoval == null && held.isEmpty() && verdicts.values().stream().noneMatch(v -> v.guard().refuses());
    }

    public List<SchemaVerdict> verdictsWith(SchemaGuard guard) {
        return verdicts.values().stream().filter(v -> v.guard() == guard).toList();
    }
}
