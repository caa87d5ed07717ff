package org.mysqldiscovery.sync.plan;

/**
 * When removals wait: after the ZooKeeper view has been (re-)read from scratch (first start, new session, quorum
 * back, caches rebuilt after SUSPENDED/LOST → RECONNECTED), the agents' ephemeral registrations may not be back yet:
 * an expired session took them, and each agent re-registers only after it has a new session and its next check round.
 * For {@code settleMillis} after such a read, the planner keeps the rows of servers that are merely absent (see
 * {@link Planner}); a removal still wanted when the window closes applies then. Pure: the caller passes the view
 * generation (which changes at every rebuild) and the time.
 */
public final class SettleWindow {
    /** What an observation changed. */
    public enum Change { NONE, OPENED, CLOSED }

    private final long settleMillis;
    private long seenGeneration = Long.MIN_VALUE;
    private boolean open;
    private long openUntilMillis;

    /** @param settleMillis how long removals wait after a rebuilt view; 0 turns the window off */
    public SettleWindow(long settleMillis) {
        if (settleMillis < 0) {
            throw new IllegalArgumentException("settleMillis " + settleMillis + " is negative");
        }
        this.settleMillis = settleMillis;
    }

    /**
     * A trusted view of {@code viewGeneration} is about to be planned at {@code nowMillis}: a new generation opens
     * (or re-opens) the window; an open window whose time is up closes.
     */
    public Change observe(long viewGeneration, long nowMillis) {
        if (viewGeneration != seenGeneration) {
            seenGeneration = viewGeneration;
            if (settleMillis > 0) {
                open = true;
                openUntilMillis = nowMillis + settleMillis;
                return Change.OPENED;
            }
        }
        return expire(nowMillis);
    }

    /** Closes the window once its time is up (no new view needed). */
    public Change expire(long nowMillis) {
        if (open && nowMillis >= openUntilMillis) {
            open = false;
            return Change.CLOSED;
        }
        return Change.NONE;
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
