package org.mysqldiscovery.sync.reconcile;

import java.time.Duration;
import java.util.Objects;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.SyncMode;
import org.mysqldiscovery.sync.config.SyncConfig;

/**
 * How the reconcile thread runs.
 *
 * @param proxysql                   this sync's status name (its admin, unless proxysql.statusName says otherwise)
 * @param mode                       apply or dry-run
 * @param debounceMillis             quiet period after a change before a pass
 * @param debounceMaxMillis          longest delay after the first change of a burst
 * @param fullPassIntervalMillis     full pass (re-read ProxySQL, repair drift, re-check settings)
 * @param pollTimeoutWarnAboveMillis warn when mysql-poll_timeout is above this
 * @param barrierTimeout             bound of the zxid barrier
 * @param agentVersion               published in the status
 * @param settleMillis               settle window after the view was read again or caught up after a reconnect (0: off)
 */
public record ReconcilerSettings(Instance proxysql, SyncMode mode, long debounceMillis, long debounceMaxMillis,
        long fullPassIntervalMillis, long pollTimeoutWarnAboveMillis, Duration barrierTimeout, String agentVersion,
        long settleMillis) {

    public ReconcilerSettings {
        Objects.requireNonNull(proxysql, "proxysql");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(barrierTimeout, "barrierTimeout");
        Objects.requireNonNull(agentVersion, "agentVersion");
        if (settleMillis < 0) {
            throw new IllegalArgumentException("settleMillis " + settleMillis + " is negative");
        }
    }

    public static ReconcilerSettings of(SyncConfig config, String agentVersion) {
        return new ReconcilerSettings(config.proxysql().status(), config.mode(), config.debounceMillis(),
                config.debounceMaxMillis(), config.fullPassIntervalMillis(),
                config.proxysql().pollTimeoutWarnAboveMillis(), Duration.ofSeconds(5), agentVersion,
                config.settleMillis());
    }
}
