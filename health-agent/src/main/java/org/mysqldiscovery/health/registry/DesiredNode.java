package org.mysqldiscovery.health.registry;

import java.util.Arrays;
import java.util.Objects;

/**
 * The registration node the agent wants: its path and payload.
 *
 * @param path    full ZooKeeper path (from ZkLayout)
 * @param payload registration JSON
 */
public record DesiredNode(String path, byte[] payload) {
    public DesiredNode {
        Objects.requireNonNull(path, "path");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DesiredNode that && path.equals(that.path) && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return path.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "DesiredNode[" + path + "]";
    }
}
