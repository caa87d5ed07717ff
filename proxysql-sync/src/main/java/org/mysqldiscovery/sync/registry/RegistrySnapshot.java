package org.mysqldiscovery.sync.registry;

import java.util.Optional;

/**
 * The registry's state at one moment.
 *
 * @param epoch       changes whenever trust in the view may have changed (connection state, cache rebuilt): a
 *                    reconcile that saw two different epochs must not use what it read
 * @param blindReason why the view is not trusted; null when it is
 * @param read        the view, only when not blind
 */
public record RegistrySnapshot(long epoch, String blindReason, ViewRead read) {
    public boolean blind() {
        return blindReason != null;
    }

    public Optional<ViewRead> view() {
        return Optional.ofNullable(read);
    }
}
