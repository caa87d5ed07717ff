package org.mysqldiscovery.sync.page;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mysqldiscovery.common.page.PageEvent;

/**
 * Turns the conditions that hold at each moment into pages: a condition pages once it has held for its grace period
 * (one trigger, stable dedup key), and resolves once it no longer holds. A condition that clears within its grace
 * never pages. Pure: the caller passes the time.
 *
 * <p>Pages outlive the process: the keys of triggered pages not yet resolved ({@link #openKeys()}) are kept by the
 * caller and handed back after a restart ({@link #adopt}). An adopted key whose condition holds again is the same
 * incident (no second trigger; its resolve comes when it clears); one whose condition no longer holds once the view
 * has been judged is resolved by {@link #resolveOrphans()}.
 */
public final class PageTracker {
    private static final int MAX_DEDUP_KEY = 255;

    private final String source;
    private final Map<ConditionKind, Long> graceMillis;
    private final Map<Condition.Key, Tracked> tracked = new LinkedHashMap<>();
    /** Keys paged before a restart whose condition has not been seen again yet. */
    private final java.util.Set<String> orphans = new java.util.TreeSet<>();

    /** What the tracker knows of one condition, for {@code /status}. */
    public record Tracked(Condition condition, long sinceMillis, boolean paged, String dedupKey) {
    }

    /**
     * @param source      who pages: the ProxySQL admin this sync serves ({@code host:port}); part of every dedup key
     * @param graceMillis per kind; a kind without an entry pages at once
     */
    public PageTracker(String source, Map<ConditionKind, Long> graceMillis) {
        this.source = Objects.requireNonNull(source, "source");
        this.graceMillis = new EnumMap<>(ConditionKind.class);
        this.graceMillis.putAll(graceMillis);
    }

    /** Feeds the conditions holding at {@code nowMillis}; returns the pages to send (triggers and resolves). */
    public synchronized List<PageEvent> update(Collection<Condition> active, long nowMillis) {
        List<PageEvent> pages = new ArrayList<>();
        Map<Condition.Key, Condition> now = new LinkedHashMap<>();
        for (Condition condition : active) {
            now.put(condition.key(), condition);
        }
        for (Iterator<Map.Entry<Condition.Key, Tracked>> it = tracked.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Condition.Key, Tracked> entry = it.next();
            if (!now.containsKey(entry.getKey())) {
                if (entry.getValue().paged()) {
                    pages.add(PageEvent.resolve(entry.getValue().dedupKey(), source));
                }
                it.remove();
            }
        }
        for (Condition condition : now.values()) {
            Tracked previous = tracked.get(condition.key());
            long since = previous == null ? nowMillis : previous.sinceMillis();
            String dedupKey = previous == null ? dedupKey(condition) : previous.dedupKey();
            // Paged before a restart and holding again: the same incident, already open.
            boolean paged = (previous != null && previous.paged()) || orphans.remove(dedupKey);
            if (!paged && nowMillis - since >= grace(condition.kind())) {
                Map<String, String> details = new LinkedHashMap<>(condition.details());
                details.put("since", java.time.Instant.ofEpochMilli(since).toString());
                details.put("proxysql", source);
                pages.add(PageEvent.trigger(dedupKey, condition.summary(), condition.kind().severity(), source,
                        details));
                paged = true;
            }
            tracked.put(condition.key(), new Tracked(condition, since, paged, dedupKey));
        }
        return pages;
    }

    /** The same conditions as last time, at a later moment: lets grace periods expire while nothing changes. */
    public synchronized List<PageEvent> tick(long nowMillis) {
        List<Condition> same = tracked.values().stream().map(Tracked::condition).toList();
        return update(same, nowMillis);
    }

    /** Hands back the keys of pages triggered before a restart and not resolved (see the class comment). */
    public synchronized void adopt(Collection<String> openKeys) {
        for (String key : openKeys) {
            boolean tracking = tracked.values().stream().anyMatch(t -> t.dedupKey().equals(key));
            if (!tracking) {
                orphans.add(key);
            }
        }
    }

    /**
     * Resolves every adopted key whose condition does not hold: call once the view has been judged (a pass that
     * planned), never while blind, when conditions cannot be known.
     */
    public synchronized List<PageEvent> resolveOrphans() {
        List<PageEvent> pages = new ArrayList<>();
        for (String key : orphans) {
            pages.add(PageEvent.resolve(key, source));
        }
        orphans.clear();
        return pages;
    }

    /** Keys of pages triggered and not resolved: tracked conditions that paged, and adopted keys not yet judged. */
    public synchronized java.util.SortedSet<String> openKeys() {
        java.util.SortedSet<String> open = new java.util.TreeSet<>(orphans);
        tracked.values().stream().filter(Tracked::paged).forEach(t -> open.add(t.dedupKey()));
        return open;
    }

    /** The conditions of the last update. */
    public synchronized List<Condition> active() {
        return tracked.values().stream().map(Tracked::condition).toList();
    }

    /** When the next grace period runs out (epoch ms), or {@link Long#MAX_VALUE}. */
    public synchronized long nextDeadlineMillis() {
        long next = Long.MAX_VALUE;
        for (Tracked t : tracked.values()) {
            if (!t.paged()) {
                next = Math.min(next, t.sinceMillis() + grace(t.condition().kind()));
            }
        }
        return next;
    }

    public synchronized List<Tracked> tracked() {
        return List.copyOf(tracked.values());
    }

    private long grace(ConditionKind kind) {
        return graceMillis.getOrDefault(kind, 0L);
    }

    /** {@code mysql-discovery/<kind>/<subject>@<source>}; hashed when longer than PagerDuty allows. */
    String dedupKey(Condition condition) {
        String key = "mysql-discovery/" + condition.kind().token() + "/" + condition.subject() + "@" + source;
        if (key.length() <= MAX_DEDUP_KEY) {
            return key;
        }
        String prefix = "mysql-discovery/" + condition.kind().token() + "/";
        return prefix + sha256(condition.subject() + "@" + source);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
