package org.mysqldiscovery.role.fence;

/** Makes this host's mysqld refuse writes. Never throws, never blocks past its own bound. */
public interface Fencer {
    FenceOutcome fence();
}
