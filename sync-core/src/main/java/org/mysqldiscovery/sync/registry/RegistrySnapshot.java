package org.mysqldiscovery.sync.registry;

import java.util.Optional;

/**
 * The registry's state at one moment.
 *
 * @param epoch       changes whenever trust in the view may have changed (connection state, a read started,
 *                    completed or failed): a reconcile that saw two different epochs must not use what it read
 * @param blindReason why the view is not trusted; null when it is
 * @param read        the view, only when not blind
 * @param generation  which connection of the view this is: it changes at every from-scratch read (start, new
 *                    session) and at every reconnect with the same session, which is when agents' registrations
 *                    may still be missing (settle window)
 */
public record RegistrySnapshot(long epoch, String blindReason, ViewRead read, long generation) {
    public boolean blind() {
        return blindReason != null;
    }

    public Optional<ViewRead> view() {
        return Optional.ofNullable(read);
    }
}
