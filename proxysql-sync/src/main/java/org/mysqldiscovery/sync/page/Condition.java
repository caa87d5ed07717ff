package org.mysqldiscovery.sync.page;

import java.util.Map;
import java.util.Objects;

/**
 * A condition that holds right now. Identity is (kind, subject): the summary and details may change while the
 * condition lasts without making it a new one.
 *
 * @param subject a schema name, or {@code *} for conditions of the whole sync
 */
public record Condition(ConditionKind kind, String subject, String summary, Map<String, String> details) {
    public static final String GLOBAL = "*";

    public Condition {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        summary = summary == null ? kind.token() + " " + subject : summary;
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static Condition global(ConditionKind kind, String summary) {
        return new Condition(kind, GLOBAL, summary, Map.of());
    }

    public Key key() {
        return new Key(kind, subject);
    }

    /** The identity of a condition. */
    public record Key(ConditionKind kind, String subject) {
    }
}
