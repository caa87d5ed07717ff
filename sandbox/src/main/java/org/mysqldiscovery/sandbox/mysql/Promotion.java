package org.mysqldiscovery.sandbox.mysql;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an Orchestrator-style promotion did; given to promotion listeners (the place to run the
 * hook lines that call the role agents).
 *
 * @param oldPrimary   {@code host:port} of the demoted primary
 * @param newPrimary   {@code host:port} of the promoted replica
 * @param planned      true when the old primary was alive (a graceful takeover: it was set
 *                     read-only, drained and repointed), false for a failover from a dead one
 * @param repointed    servers now replicating from the new primary
 * @param notRepointed servers that were down and still point at the old primary
 */
public record Promotion(
        String schema,
        String oldPrimary,
        String newPrimary,
        boolean planned,
        List<String> repointed,
        List<String> notRepointed,
        Instant startedAt,
        Duration took) {

    public Promotion {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(oldPrimary, "oldPrimary");
        Objects.requireNonNull(newPrimary, "newPrimary");
        repointed = List.copyOf(repointed);
        notRepointed = List.copyOf(notRepointed);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(took, "took");
    }
}
