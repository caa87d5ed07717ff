package org.mysqldiscovery.cli.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of the status page's timeline: something observed changing in ZooKeeper between two reads.
 *
 * @param at     when this process observed it (not when it happened: up to one refresh earlier)
 * @param kind   {@code role} (a registration appeared or went), {@code quarantine}, {@code state} (a schema's state
 *               changed), {@code guard} (a sync began or stopped holding a guard: what the syncs page about),
 *               {@code zookeeper} (the view could not be read, or could again), {@code observer} (started)
 * @param schema the schema concerned, if one
 * @param text   a sentence for a person
 */
@JsonPropertyOrder({"at", "kind", "schema", "text"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StatusEvent(Instant at, String kind, String schema, String text) {
    public StatusEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }
}
