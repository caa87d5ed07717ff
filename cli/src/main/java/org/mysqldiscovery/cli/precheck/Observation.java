package org.mysqldiscovery.cli.precheck;

import java.util.Objects;
import org.mysqldiscovery.common.model.Instance;

/** What a probe read from one reachable server. */
public record Observation(Instance instance, GtidState gtids, ReplicationState replication, boolean readOnly) {
    public Observation {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(gtids, "gtids");
        Objects.requireNonNull(replication, "replication");
    }
}
