package org.mysqldiscovery.role.fence;

/** Makes this host's mysqld refuse writes. Never throws, never blocks past its own bound. */
public interface Fencer {
    FenceOutcome fence();

    /**
     * Checks, off the caller's thread, that fencing can reach mysqld: says early (in the log) what would fail at
     * the worst moment, and loads the driver so that the first demotion answers as fast as the next.
     */
    default void warmUp() {
    }
}
