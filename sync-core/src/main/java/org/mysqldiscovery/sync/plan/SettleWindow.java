package org.mysqldiscovery.sync.plan;

import java.util.HashSet;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * When removals wait: after the ZooKeeper view has been (re-)read from scratch (first start, new session, quorum
 * back, or the same session reconnected after SUSPENDED: the view is then brought up to date by the events
 * ZooKeeper re-delivers, not re-read), the agents' ephemeral registrations may not be back yet:
 * an expired session took them, and each agent re-registers only after it has a new session and its next check round.
 * For {@code settleMillis} after such a read, the planner keeps the rows of servers that are merely absent (see
 * {@link Planner}); a removal still wanted when the window closes applies then. A server seen registered since the
 * window opened and gone afterwards was drained or died after the recovery: its removal is not held
 * ({@link #saw(View, ToLongFunction)}).
 *
 * <p>What "seen since the window opened" means depends on why the view was re-read:
 * <ul>
 * <li>After a recovery (any rebuild but the process's first read: new session, quorum back, reconnected), a
 *     registration CREATED after the window opened (its znode's czxid is above the zxid the window's first view was
 *     complete up to), not one merely visible, nor one merely rewritten: the nodes of sessions that are about to
 *     expire are still there in the first views (a new leader gives every old session a fresh timeout), and one whose
 *     server died during the outage, or whose agent already has a new session, vanishes a moment later. An agent's
 *     Curator {@code PersistentNode} even rewrites (setData, mzxid moves) the node its previous session left when its
 *     create finds it there, and creates its own only once that node has expired: a rewritten node still belongs to
 *     the dying session. Counting such a node as seen would remove its server at once, inside the window, for the
 *     moment until the agent's new node is there. Only a node created by a session alive after the recovery proves
 *     that its later absence is news. The price: a server registered before the outage and drained inside the
 *     window waits for the window.</li>
 * <li>At the process's first read (start), a registration visible in a view: nothing says an outage just happened,
 *     and holding every withdrawal for a whole window after each restart would keep an unhealthy replica routed.</li>
 * </ul>
 *
 * <p>Pure: the caller passes the view generation (which changes at every rebuild), the zxid the view is complete up
 * to, and the time.
 */
public final class SettleWindow {
    /** What an observation changed. */
    public enum Change { NONE, OPENED, CLOSED }

    /** How long, in windows, old registrations vanishing may keep the window open after a recovery. */
    static final int MAX_WINDOWS = 4;
    private final long settleMillis;
    private long seenGeneration = Long.MIN_VALUE;
    private boolean open;
    private long openUntilMillis;
    private long openedAtZxid;
    /** The window opened at the process's first view (start), not after a recovery. */
    private boolean atStart;
    private final Set<Settling.Server> seen = new HashSet<>();
    /** Servers whose registration dates from before the window (after a recovery), as last seen in a view. */
    private Set<Settling.Server> olderThanWindow = new HashSet<>();
    private long openedAtMillis;

    /** @param settleMillis how long removals wait after a rebuilt view; 0 turns the window off */
    public SettleWindow(long settleMillis) {
        if (settleMillis < 0) {
            throw new IllegalArgumentException("settleMillis " + settleMillis + " is negative");
        }
        this.settleMillis = settleMillis;
    }

    /**
     * A trusted view of {@code viewGeneration}, complete up to {@code viewZxid}, is about to be planned at
     * {@code nowMillis}: a new generation opens (or re-opens) the window; an open window whose time is up closes.
     */
    public Change observe(long viewGeneration, long viewZxid, long nowMillis) {
        if (viewGeneration != seenGeneration) {
            boolean first = seenGeneration == Long.MIN_VALUE;
            seenGeneration = viewGeneration;
            if (settleMillis > 0) {
                open = true;
                seen.clear();
                openUntilMillis = nowMillis + settleMillis;
                openedAtMillis = nowMillis;
                openedAtZxid = viewZxid;
                atStart = first;
                olderThanWindow = new HashSet<>();
                return Change.OPENED;
            }
        }
        return expire(nowMillis);
    }

    /** Closes the window once its time is up (no new view needed). */
    public Change expire(long nowMillis) {
        if (open && nowMillis >= openUntilMillis) {
            open = false;
            seen.clear();
            olderThanWindow = new HashSet<>();
            return Change.CLOSED;
        }
        return Change.NONE;
    }

    /**
     * Records the servers of a view about to be planned while the window is open: after a recovery only those whose
     * registrations were created after it opened, at start every one.
     *
     * <p>After a recovery the window also stays open while registrations older than it keep vanishing: each such
     * disappearance keeps it open at least half a window longer (one session timeout with the default window), up to
     * four windows in all. Old sessions do not all expire at once: a loaded leader expires thousands of them over many
     * seconds, and each agent's new node comes only after its old one has gone (Curator's PersistentNode waits for
     * it), so while that wave lasts an absence is most likely a re-registration under way (fleet benchmark, 2,000
     * registrations and 40 syncs: 636 removals of servers that came back, every one after a fixed window had closed;
     * its simulated agents then kept their given-up handles reconnecting, which kept old sessions alive longer than
     * Curator's agents do: the extension is a margin for a loaded leader).
     *
     * @param createdZxid the zxid at which a member's registration znode was created (-1 when unknown: not counted)
     * @param nowMillis   the time of the view
     */
    public void saw(View view, ToLongFunction<Member> createdZxid, long nowMillis) {
        if (!open) {
            return;
        }
        Set<Settling.Server> older = new HashSet<>();
        Set<Settling.Server> present = new HashSet<>();
        for (Member member : view.members()) {
            Settling.Server server = new Settling.Server(member.schema(), new HostPort(member.instance().host(),
                    member.instance().port()));
            present.add(server);
            if (!atStart && createdZxid.applyAsLong(member) <= openedAtZxid) {
                older.add(server);
                continue; // visible (perhaps rewritten), but perhaps a node of a session about to expire: proves nothing
            }
            seen.add(server);
        }
        if (atStart) {
            return;
        }
        for (Settling.Server server : olderThanWindow) {
            if (!present.contains(server)) {
                long until = Math.min(openedAtMillis + MAX_WINDOWS * settleMillis, nowMillis + settleMillis / 2);
                openUntilMillis = Math.max(openUntilMillis, until);
                break;
            }
        }
        olderThanWindow = older;
    }

    /** What the planner needs: whether removals wait, and which servers were seen since the window opened. */
    public Settling settling() {
        return open ? Settling.holding(seen) : Settling.NONE;
    }

    /** True while removals of absent servers wait. */
    public boolean holdsRemovals() {
        return open;
    }

    /** When the window closes (epoch millis), or {@link Long#MAX_VALUE} when it is closed. */
    public long closesAtMillis() {
        return open ? openUntilMillis : Long.MAX_VALUE;
    }

    public long settleMillis() {
        return settleMillis;
    }
}
