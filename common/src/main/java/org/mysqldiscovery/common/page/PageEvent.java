package org.mysqldiscovery.common.page;

import java.util.Map;

/**
 * One page: a trigger (or a resolve) for a condition named by a stable {@code dedupKey}, so that repeated triggers of
 * the same condition fold into one incident and the resolve closes it.
 *
 * @param action   trigger or resolve
 * @param dedupKey stable key of the condition, e.g. {@code mysql-discovery/double-primary/orders@proxysql1:6032}
 * @param summary  one line for the human who is paged
 * @param severity critical, error, warning or info
 * @param source   the host or program that raised it
 * @param details  extra facts (flat strings)
 */
public record PageEvent(Action action, String dedupKey, String summary, Severity severity, String source,
        Map<String, String> details) {

    public enum Action { TRIGGER, RESOLVE }

    public enum Severity {
        CRITICAL, ERROR, WARNING, INFO;

        public String token() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public PageEvent {
        if (action == null || dedupKey == null || dedupKey.isBlank()) {
            throw new IllegalArgumentException("a page needs an action and a dedupKey");
        }
        if (dedupKey.length() > 255) {
            throw new IllegalArgumentException("dedupKey is longer than 255 characters (PagerDuty's limit)");
        }
        summary = summary == null ? dedupKey : summary.length() > 1024 ? summary.substring(0, 1024) : summary;
        severity = severity == null ? Severity.CRITICAL : severity;
        source = source == null ? "mysql-discovery" : source;
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static PageEvent trigger(String dedupKey, String summary, Severity severity, String source,
            Map<String, String> details) {
        return new PageEvent(Action.TRIGGER, dedupKey, summary, severity, source, details);
    }

    public static PageEvent resolve(String dedupKey, String source) {
        return new PageEvent(Action.RESOLVE, dedupKey, null, Severity.INFO, source, Map.of());
    }
}
