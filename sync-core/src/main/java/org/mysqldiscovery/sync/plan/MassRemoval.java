package org.mysqldiscovery.sync.plan;

import java.util.List;

/**
 * A refused plan: it would have removed too many of the servers ProxySQL routes to now. This is what a discovery
 * outage looks like; a failover never does.
 *
 * @param removed  distinct servers the plan would have removed from every managed hostgroup
 * @param total    distinct servers in the managed hostgroups now
 * @param fraction the configured limit
 * @param sample   a few of the servers that would have gone, for the page
 */
public record MassRemoval(int removed, int total, double fraction, List<HostPort> sample) {
    public MassRemoval {
        sample = List.copyOf(sample);
    }

    public String describe() {
        return "plan would remove " + removed + " of " + total + " managed servers (limit " + Math.round(fraction * 100)
                + "%), e.g. " + sample;
    }
}
