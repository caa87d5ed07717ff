package org.mysqldiscovery.cli.command;

import org.apache.zookeeper.KeeperException;

/** Describes a failed ZooKeeper write for an operator: the code, not a stack trace. */
final class ZkFailures {
    private ZkFailures() {
    }

    static String describe(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (e instanceof KeeperException k) {
            return what + ": ZooKeeper says " + k.code().name();
        }
        return what + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
