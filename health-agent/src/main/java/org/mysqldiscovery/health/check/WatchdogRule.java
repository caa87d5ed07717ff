package org.mysqldiscovery.health.check;

import java.util.ArrayList;
import java.util.List;

/**
 * When the agent must stop vouching because one of its own parts is stuck: a reconcile pass, a check round or a
 * registration change in ZooKeeper running past its bound. Pure: the watchdog thread passes how long each part has
 * been busy (negative: idle).
 */
public final class WatchdogRule {
    private WatchdogRule() {
    }

    /**
     * @param passBusyMillis      how long the running reconcile pass has run, or negative when idle
     * @param roundBusyMillis     how long the running check round has run, or negative when idle
     * @param registrarBusyMillis how long the running ZooKeeper registration change has run, or negative when idle
     * @param passBoundMillis     bound of a pass and of a registration change ({@code watchdogMillis})
     * @param roundBoundMillis    bound of a check round (from the check timeouts)
     * @return why the agent must not vouch, one line per stuck part; empty when all is well
     */
    public static List<String> stuck(long passBusyMillis, long roundBusyMillis, long registrarBusyMillis,
            long passBoundMillis, long roundBoundMillis) {
        List<String> why = new ArrayList<>(3);
        if (passBusyMillis > passBoundMillis) {
            why.add("watchdog: a reconcile pass (role files, decision) has run for " + passBusyMillis
                    + " ms, bound " + passBoundMillis + " ms");
        }
        if (roundBusyMillis > roundBoundMillis) {
            why.add("watchdog: a check round has run for " + roundBusyMillis + " ms, bound " + roundBoundMillis
                    + " ms");
        }
        if (registrarBusyMillis > passBoundMillis) {
            why.add("watchdog: a ZooKeeper registration change has run for " + registrarBusyMillis + " ms, bound "
                    + passBoundMillis + " ms");
        }
        return why;
    }
}
