package org.mysqldiscovery.sync.reconcile;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.mysqldiscovery.sync.plan.RuntimeCheck;
import org.mysqldiscovery.sync.plan.ServerRow;
import org.mysqldiscovery.sync.proxysql.AdminException;
import org.mysqldiscovery.sync.proxysql.HostgroupConflictException;
import org.mysqldiscovery.sync.proxysql.ProxySqlApplier;
import org.mysqldiscovery.sync.proxysql.ProxySqlState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sync believes ProxySQL holds in its hostgroups: re-read on full passes, after any error and after a
 * reconnect; otherwise the rows the last verified apply left there. Comparing a fresh read with that belief is how
 * drift (a row edited by hand) is found.
 */
final class ProxySqlMirror {
    private static final Logger LOG = LoggerFactory.getLogger(ProxySqlMirror.class);

    private final ProxySqlApplier applier;
    private ProxySqlState known;
    private long knownConnects = -1;
    private boolean saveOwed;
    private boolean driftSuspected;
    private String conflict;
    private Long pollTimeoutMillis;
    private Long pollTimeoutLogged;

    ProxySqlMirror(ProxySqlApplier applier) {
        this.applier = Objects.requireNonNull(applier, "applier");
    }

    /** The state to plan against, and whether a fresh read found drift. */
    record Read(ProxySqlState state, boolean drift) {
    }

    Read read(boolean full) throws AdminException {
        if (!full && known != null && knownConnects == applier.admin().connects()) {
            return new Read(known, false);
        }
        ProxySqlState fresh = applier.read();
        boolean drift = driftSuspected || (known != null && drifted(known, fresh));
        driftSuspected = false;
        if (drift) {
            LOG.warn("ProxySQL's managed hostgroups drifted from what this sync last applied (edited by hand?): "
                    + "config {} rows, runtime {} rows, expected {}", fresh.config().size(), fresh.runtime().size(),
                    known.config().size());
        }
        known = fresh;
        knownConnects = applier.admin().connects();
        return new Read(fresh, drift);
    }

    private static boolean drifted(ProxySqlState expected, ProxySqlState fresh) {
        return !new HashSet<>(expected.config()).equals(new HashSet<>(fresh.config()))
                || !RuntimeCheck.matches(expected.config(), fresh.runtime());
    }

    /** Re-checks ProxySQL's settings that matter to the sync (full passes). */
    void checkSettings(long warnAboveMillis) throws AdminException {
        try {
            applier.checkOwnership();
            if (conflict != null) {
                LOG.info("conflict with another writer of mysql_servers resolved");
            }
            conflict = null;
        } catch (HostgroupConflictException e) {
            if (!e.getMessage().equals(conflict)) {
                LOG.error("{}", e.getMessage());
            }
            conflict = e.getMessage();
        }
        OptionalLong poll = applier.pollTimeoutMillis();
        pollTimeoutMillis = poll.isPresent() ? poll.getAsLong() : null;
        if (pollTimeoutMillis != null && pollTimeoutMillis > warnAboveMillis
                && !pollTimeoutMillis.equals(pollTimeoutLogged)) {
            LOG.warn("ProxySQL mysql-poll_timeout is {} ms: writes held during a failover may be released up to that "
                    + "late after the new primary arrives; set it to {} ms or less "
                    + "(SET mysql-poll_timeout=100; LOAD MYSQL VARIABLES TO RUNTIME; SAVE MYSQL VARIABLES TO DISK)",
                    pollTimeoutMillis, warnAboveMillis);
        }
        pollTimeoutLogged = pollTimeoutMillis;
    }

    String conflict() {
        return conflict;
    }

    Long pollTimeoutMillis() {
        return pollTimeoutMillis;
    }

    /** A verified LOAD of {@code desired}; the disk copy is owed until {@link #saved()}. */
    void applied(List<ServerRow> desired, List<ServerRow> runtime, boolean saved) {
        known = new ProxySqlState(desired, runtime);
        knownConnects = applier.admin().connects();
        saveOwed = saveOwed || !saved;
    }

    boolean saveOwed() {
        return saveOwed;
    }

    void saved() {
        saveOwed = false;
    }

    /** After an error: re-read everything next time. */
    void forget() {
        known = null;
    }

    /**
     * Runtime did not match right after our LOAD: someone else wrote ProxySQL meanwhile. The next fresh read is
     * treated as drift even though the remembered state is gone.
     */
    void suspectDrift() {
        driftSuspected = true;
        known = null;
    }
}
