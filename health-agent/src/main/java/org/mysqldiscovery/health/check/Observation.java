package org.mysqldiscovery.health.check;

import java.util.Map;
import org.mysqldiscovery.common.model.Role;

/**
 * What one mysql-mode round saw of the server, before anything is judged: the probe fills it (each read bounded by
 * the check timeout), the {@link RoundRules} judge it, the {@link FenceRule} decides on it. A read that was not made
 * (the server did not answer, the check is not configured, the role does not need it) is null, with no error.
 *
 * @param target              the role the round is for, or null when the role files are unreadable
 * @param down                why mysqld did not answer {@code SELECT 1}, or null when it did
 * @param restoreMarkerExists whether the restore marker exists, or null when none is configured
 * @param bufferPoolStatus    {@code Innodb_buffer_pool_load_status} (may be null or empty: the server reports none)
 * @param bufferPoolError     why it could not be read, or null
 * @param readOnly            {@code read_only}, or null when not read
 * @param hasSuperReadOnly    whether the server has {@code super_read_only} (MySQL: yes, MariaDB: no)
 * @param variablesError      why {@code read_only} could not be read, or null
 * @param replica             the replication row (null: not read, or the server is not a replica; see
 *                            {@code replicaRead})
 * @param replicaRead         whether {@code SHOW REPLICA STATUS} was read (replica roles only)
 * @param replicaError        why it could not be read, or null
 * @param lag                 the lag as measured (heartbeat table, or the server's own estimate), or null when not
 *                            measured
 * @param millis              how long each check's reads took, by check name ({@link CheckNames})
 */
public record Observation(Target target, String down, Boolean restoreMarkerExists, String bufferPoolStatus,
        String bufferPoolError, Boolean readOnly, boolean hasSuperReadOnly, String variablesError,
        ReplicaStatus replica, boolean replicaRead, String replicaError, LagReading lag, Map<String, Long> millis) {

    public Observation {
        millis = millis == null ? Map.of() : Map.copyOf(millis);
        if (down == null && variablesError == null && readOnly == null) {
            throw new IllegalArgumentException("an answering server's read_only is read or its error said");
        }
    }

    /** The role the round is for, or null when the role files are unreadable. */
    public Role role() {
        return target instanceof Target.Mysql mysql ? mysql.role() : null;
    }

    public boolean answered() {
        return down == null;
    }

    /** How long the reads of {@code check} took; 0 when none were made. */
    public long millisOf(String check) {
        return millis.getOrDefault(check, 0L);
    }
}
