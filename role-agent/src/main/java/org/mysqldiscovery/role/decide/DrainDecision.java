package org.mysqldiscovery.role.decide;

import java.time.Instant;

/** What to do with a {@code PUT /v1/drain}. */
public sealed interface DrainDecision {

    /** Refused with 409. */
    record Refuse(String field, String reason) implements DrainDecision {
    }

    /** Start (or extend) the lease until {@code until}, then wait for the syncs. */
    record Start(Instant until) implements DrainDecision {
    }
}
