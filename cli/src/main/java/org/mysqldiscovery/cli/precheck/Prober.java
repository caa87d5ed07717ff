package org.mysqldiscovery.cli.precheck;

import org.mysqldiscovery.common.model.Instance;

/** Reads one server's GTID and replication state. Must return (not hang) by {@code deadlineNanos}. */
public interface Prober {

    /**
     * @param deadlineNanos a {@link System#nanoTime()} value the probe must finish by
     */
    ProbeResult probe(Instance instance, long deadlineNanos);
}
