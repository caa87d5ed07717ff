package org.mysqldiscovery.sandbox.zookeeper;

import java.util.Locale;

/** What a ZooKeeper server says it is, from the {@code srvr} four-letter word. */
public enum ServerMode {
    LEADER, FOLLOWER, OBSERVER, STANDALONE,
    /** Not reachable, not serving (no quorum), or an answer we could not read. */
    NOT_SERVING;

    /** True for a server that takes client requests. */
    public boolean serving() {
        return this != NOT_SERVING;
    }

    /** Reads the {@code Mode:} line of a {@code srvr} answer; anything else is {@link #NOT_SERVING}. */
    public static ServerMode fromSrvr(String answer) {
        if (answer == null) {
            return NOT_SERVING;
        }
        for (String line : answer.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Mode:")) {
                String mode = trimmed.substring("Mode:".length()).trim().toUpperCase(Locale.ROOT);
                for (ServerMode m : values()) {
                    if (m != NOT_SERVING && m.name().equals(mode)) {
                        return m;
                    }
                }
                return NOT_SERVING;
            }
        }
        return NOT_SERVING;
    }
}
