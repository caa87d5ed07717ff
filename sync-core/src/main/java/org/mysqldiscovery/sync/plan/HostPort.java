package org.mysqldiscovery.sync.plan;

import java.util.Objects;

/**
 * A server as ProxySQL spells it in a row (hostname, port). Not an {@code Instance}: rows edited by hand may hold
 * spellings that are not valid instances, and the guards must still count them.
 */
public record HostPort(String hostname, int port) {
    public HostPort {
        Objects.requireNonNull(hostname, "hostname");
    }

    @Override
    public String toString() {
        return hostname.contains(":") ? "[" + hostname + "]:" + port : hostname + ":" + port;
    }
}
