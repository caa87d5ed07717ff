package org.mysqldiscovery.health.probe;

import org.mysqldiscovery.health.check.RoundResult;
import org.mysqldiscovery.health.check.Target;

/** Runs one round of checks. Called from the check thread only; never throws for a sick server. */
public interface RoundRunner extends AutoCloseable {

    /**
     * @param seq         the round's number
     * @param target      the role to check for (null: role unknown, role checks report unknown)
     * @param quarantined whether the instance is quarantined (fencing)
     */
    RoundResult run(long seq, Target target, boolean quarantined);

    /** How long one round can take at most, in milliseconds, when every I/O runs into its timeout. */
    long boundMillis();

    @Override
    void close();
}
