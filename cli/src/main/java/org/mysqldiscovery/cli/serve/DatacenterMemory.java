package org.mysqldiscovery.cli.serve;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mysqldiscovery.cli.precheck.CrossDatacenter;
import org.mysqldiscovery.cli.view.ClusterView;
import org.mysqldiscovery.common.model.Instance;

/**
 * serve's memory of where each server was last seen registered (issue 18): the datacenter of every registration in
 * every view read from ZooKeeper, kept after the registration goes. The precheck needs the failed primary's
 * datacenter, and by the time PreFailoverProcesses runs its registration is usually gone (its checks failed, or a
 * drain took it out). In memory only: a serve restarted after the primary left does not know it, and says so.
 *
 * <p>Bounded: at most {@link #MAX_SERVERS}; past that the server seen longest ago is forgotten. A registration
 * naming no datacenter leaves what was known of that server as it was.
 */
public final class DatacenterMemory {
    public static final int MAX_SERVERS = 100_000;

    private final int capacity;
    /** Access order = the order servers were last seen in: the eldest is forgotten first. */
    private final LinkedHashMap<Instance, String> seen;
    private Instant lastRead;
    private long reads;
    private String unread = "serve has not read ZooKeeper yet";

    public DatacenterMemory() {
        this(MAX_SERVERS);
    }

    DatacenterMemory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " must be positive");
        }
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Instance, String> eldest) {
                return size() > DatacenterMemory.this.capacity;
            }
        };
    }

    /** Why this memory stays empty (serve reads no ZooKeeper), for the reports. */
    public synchronized void unread(String why) {
        unread = java.util.Objects.requireNonNull(why, "why");
    }

    /** Remembers the datacenter of every registration of {@code view}. */
    public synchronized void observe(ClusterView view, Instant at) {
        for (ClusterView.RegistrationEntry entry : view.registrations()) {
            if (entry.registration() == null) {
                continue;
            }
            String dc = entry.registration().datacenter();
            if (dc != null && !dc.isBlank()) {
                seen.put(entry.instance(), dc);
            }
        }
        lastRead = at;
        reads++;
    }

    /** What the precheck of one failover may know. */
    public synchronized CrossDatacenter facts(Optional<Instance> successor, boolean allowed) {
        String source = reads == 0 ? unread
                : "serve's memory of registrations: " + seen.size() + " servers, ZooKeeper last read at " + lastRead;
        return new CrossDatacenter(successor, new HashMap<>(seen), allowed, source);
    }

    /** How many servers it remembers now (a gauge). */
    public synchronized double servers() {
        return seen.size();
    }
}
