package org.mysqldiscovery.sync.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mysqldiscovery.common.page.PageEvent;
import org.mysqldiscovery.common.page.Pager;
import org.mysqldiscovery.sync.page.Condition;
import org.mysqldiscovery.sync.page.ConditionKind;
import org.mysqldiscovery.sync.page.GuardInputs;
import org.mysqldiscovery.sync.page.OpenPagesFile;
import org.mysqldiscovery.sync.page.PageTracker;
import org.mysqldiscovery.sync.page.PrimaryDatacenters;
import org.mysqldiscovery.sync.plan.Plan;
import org.mysqldiscovery.sync.status.SyncReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the guard table judges ({@link GuardInputs}: the last plan, primaries that moved datacenter, blindness,
 * admin errors, other writers of mysql_servers), evaluates the table ({@link ConditionKind}) on each update and feeds
 * the conditions to the page tracker; counts guard trips, logs trips and clears, and sends the pages. Only the
 * reconcile thread writes.
 */
public final class GuardBook {
    private static final Logger LOG = LoggerFactory.getLogger(GuardBook.class);

    private final PageTracker tracker;
    private final Pager pager;
    private final SyncMetrics metrics;
    private GuardInputs inputs = GuardInputs.none();
    private Set<Condition.Key> previous = Set.of();
    private final OpenPagesFile openPages;
    private boolean judged;

    public GuardBook(PageTracker tracker, Pager pager, SyncMetrics metrics) {
        this(tracker, pager, metrics, null);
    }

    /** @param openPages where open pages are kept across restarts, or null (they are not) */
    public GuardBook(PageTracker tracker, Pager pager, SyncMetrics metrics, OpenPagesFile openPages) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.pager = Objects.requireNonNull(pager, "pager");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.openPages = openPages;
    }

    /**
     * The view has been judged (a pass planned): pages open before a restart whose condition no longer holds are
     * resolved now, once.
     */
    void judged() {
        if (judged) {
            return;
        }
        judged = true;
        List<PageEvent> resolves = tracker.resolveOrphans();
        if (!resolves.isEmpty()) {
            LOG.info("resolving {} page(s) open before this start whose condition no longer holds: {}",
                    resolves.size(), resolves.stream().map(PageEvent::dedupKey).toList());
            send(resolves);
        }
    }

    /** A pass planned: its plan, and the primaries away from the datacenter they left. */
    void planned(Plan plan, List<PrimaryDatacenters.Move> moves) {
        inputs = inputs.withPlan(plan, moves);
    }

    /**
     * @param reason   why the sync is blind, or null when it sees
     * @param starting true while the first view is being read: tracked (it pages if it lasts), not a trip
     */
    void blind(String reason, boolean starting) {
        inputs = inputs.withBlind(reason, starting);
    }

    void adminError(String message) {
        inputs = inputs.withAdminError(message);
    }

    void conflict(String message) {
        inputs = inputs.withConflict(message);
    }

    /** Feeds the current conditions to the tracker at {@code nowMillis}. */
    void update(long nowMillis) {
        List<Condition> all = ConditionKind.evaluate(inputs);
        Set<Condition.Key> keys = new HashSet<>();
        for (Condition c : all) {
            keys.add(c.key());
            if (!previous.contains(c.key()) && !c.details().containsKey(GuardInputs.STARTING)) {
                metrics.guardTrips.get(c.kind()).inc();
                LOG.warn("guard {} tripped for {}: {}", c.kind().token(), c.subject(), c.summary());
            }
        }
        for (Condition.Key key : previous) {
            if (!keys.contains(key)) {
                LOG.info("guard {} cleared for {}", key.kind().token(), key.subject());
            }
        }
        previous = keys;
        send(tracker.update(all, nowMillis));
    }

    /** Lets grace periods run out while nothing else happens. */
    void tick(long nowMillis) {
        send(tracker.tick(nowMillis));
    }

    long nextDeadlineMillis() {
        return tracker.nextDeadlineMillis();
    }

    private void send(List<PageEvent> pages) {
        for (PageEvent page : pages) {
            pager.send(page);
        }
        if (openPages != null && !pages.isEmpty()) {
            openPages.save(tracker.openKeys()); // the open set changes only when a page is sent
        }
    }

    /** schema (or {@code *}) → condition token(s), for the status node. Schemas not listed are ok. */
    Map<String, String> statusGuards() {
        Map<String, Set<String>> bySubject = new TreeMap<>();
        for (PageTracker.Tracked t : tracker.tracked()) {
            bySubject.computeIfAbsent(t.condition().subject(), k -> new TreeSet<>()).add(t.condition().kind().token());
        }
        Map<String, String> guards = new TreeMap<>();
        guards.put(Condition.GLOBAL, "ok");
        bySubject.forEach((subject, tokens) -> guards.put(subject, String.join(",", tokens)));
        return guards;
    }

    List<SyncReport.GuardInfo> report() {
        List<SyncReport.GuardInfo> infos = new ArrayList<>();
        for (PageTracker.Tracked t : tracker.tracked()) {
            infos.add(new SyncReport.GuardInfo(t.condition().kind().token(), t.condition().subject(),
                    Instant.ofEpochMilli(t.sinceMillis()), t.paged(), t.condition().summary()));
        }
        return infos;
    }
}
