package org.mysqldiscovery.sync.plan;

import java.util.Objects;
import java.util.Set;
import org.mysqldiscovery.common.model.SchemaName;

/**
 * The settle window as the planner needs it (see {@link SettleWindow}).
 *
 * @param holdRemovals the window is open: removals of servers merely absent wait
 * @param seen         servers registered (per schema) in some view planned since the window opened: their absence now
 *                     is an event that happened after the recovery (a drain, a death), not a late agent, so their
 *                     removal applies at once
 */
public record Settling(boolean holdRemovals, Set<Server> seen) {
    /** The window is closed: every removal applies. */
    public static final Settling NONE = new Settling(false, Set.of());

    /** A server of a schema. */
    public record Server(SchemaName schema, HostPort server) {
        public Server {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(server, "server");
        }
    }

    public Settling {
        seen = Set.copyOf(seen);
    }

    /** The window is open and nothing was seen yet (the first view after the recovery). */
    public static Settling holding(Set<Server> seen) {
        return new Settling(true, seen);
    }
}
