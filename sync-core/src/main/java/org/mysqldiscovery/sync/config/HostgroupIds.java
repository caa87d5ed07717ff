package org.mysqldiscovery.sync.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.mysqldiscovery.sync.plan.SchemaHostgroups;

/**
 * One entry of {@code hostgroups}: the ProxySQL hostgroup of each role of a schema. A role may be absent.
 *
 * @param primary                writer hostgroup
 * @param replica                reader hostgroup
 * @param reportingReplica       reporting reader hostgroup (YAML key {@code reporting-replica})
 * @param replicaRemote          hostgroup of replicas in other datacenters (YAML key {@code replica-remote}); only
 *                               with {@code defaults.replica.remote.mode: hostgroup}, and then required
 * @param reportingReplicaRemote the same for reporting-replicas (YAML key {@code reporting-replica-remote})
 */
public record HostgroupIds(Integer primary, Integer replica, Integer reportingReplica, Integer replicaRemote,
        Integer reportingReplicaRemote) {
    /** Without remote hostgroups. */
    public HostgroupIds(Integer primary, Integer replica, Integer reportingReplica) {
        this(primary, replica, reportingReplica, null, null);
    }

    @JsonCreator
    public HostgroupIds(@JsonProperty("primary") Integer primary, @JsonProperty("replica") Integer replica,
            @JsonProperty("reporting-replica") Integer reportingReplica,
            @JsonProperty("replica-remote") Integer replicaRemote,
            @JsonProperty("reporting-replica-remote") Integer reportingReplicaRemote) {
        this.primary = primary;
        this.replica = replica;
        this.reportingReplica = reportingReplica;
        this.replicaRemote = replicaRemote;
        this.reportingReplicaRemote = reportingReplicaRemote;
        // Validated by SyncConfig, which knows the schema name for the message (and lets Jackson report unknown
        // keys such as "master" first).
    }

    public SchemaHostgroups toSchemaHostgroups() {
        return new SchemaHostgroups(primary, replica, reportingReplica, replicaRemote, reportingReplicaRemote);
    }
}
