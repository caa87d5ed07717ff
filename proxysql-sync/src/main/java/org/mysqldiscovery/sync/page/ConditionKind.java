package org.mysqldiscovery.sync.page;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.mysqldiscovery.common.page.PageEvent;
import org.mysqldiscovery.sync.config.GuardSettings;
import org.mysqldiscovery.sync.plan.SchemaGuard;
import org.mysqldiscovery.sync.plan.SchemaVerdict;

/**
 * The sync's guards, as one table: each row names a condition, says what the sync does while it holds, how urgent
 * its page is, how long it may last before it pages (grace, from the {@code guards} config), the page's text and
 * details, and the matcher that finds it in what the sync saw ({@link GuardInputs}). The pages, the guard metrics
 * ({@code sync_guard_*{guard}}), the status node's {@code guards} map and the trip/clear log lines all read this
 * table; nothing else spells a guard's text or grace. Rows are in the order their pages go out within one pass.
 *
 * <p>Texts are templates: {@code {name}} is replaced by the match's fact of that name (values are inserted as they
 * are, never read as templates themselves). A page's details are the facts named in its row.
 */
public enum ConditionKind {
    DOUBLE_PRIMARY("double-primary", PageEvent.Severity.CRITICAL, Effect.REFUSE_SCHEMA,
            GuardSettings::doublePrimaryGraceMillis,
            "schema {schema} has {count} primaries ({primaries}): its ProxySQL hostgroups are frozen until one is "
                    + "demoted or quarantined",
            List.of("schema", "primaries"),
            in -> in.plan() == null ? List.of() : in.plan().verdictsWith(SchemaGuard.DOUBLE_PRIMARY).stream()
                    .map(v -> Match.of(v.schema().value(), "schema", v.schema().value(),
                            "count", Integer.toString(v.primaries().size()), "primaries", primaries(v)))
                    .toList()),
    MASS_REMOVAL("mass-removal", PageEvent.Severity.CRITICAL, Effect.REFUSE_ALL, settings -> 0L,
            "refused to apply: {plan}",
            List.of("removed", "total"),
            in -> in.plan() == null || in.plan().massRemovalRefusal().isEmpty() ? List.of()
                    : List.of(Match.of(Condition.GLOBAL, "plan", in.plan().massRemoval().describe(),
                            "removed", Integer.toString(in.plan().massRemoval().removed()),
                            "total", Integer.toString(in.plan().massRemoval().total())))),
    /** Not while a mass removal is refused: nothing was applied, so no writer hostgroup was emptied. */
    NO_PRIMARY("no-primary", PageEvent.Severity.CRITICAL, Effect.APPLY, GuardSettings::noPrimaryPageAfterMillis,
            "schema {schema} has no primary: ProxySQL holds its writes, then fails them",
            List.of("schema"),
            in -> in.plan() == null || in.plan().massRemovalRefusal().isPresent() ? List.of()
                    : in.plan().verdictsWith(SchemaGuard.NO_PRIMARY).stream()
                            .map(v -> Match.of(v.schema().value(), "schema", v.schema().value())).toList()),
    PRIMARY_MOVED_DATACENTER("primary-moved-datacenter", PageEvent.Severity.ERROR, Effect.APPLY, settings -> 0L,
            "schema {schema} has its primary in datacenter {to} ({primary}), no longer in {from}: writes now cross "
                    + "datacenters; check that the failover was meant to leave {from}",
            List.of("schema", "from", "to", "primary"),
            in -> in.moves().stream().map(m -> Match.of(m.schema().value(), "schema", m.schema().value(),
                    "from", m.from(), "to", m.to(), "primary", m.primary().toString())).toList()),
    BLIND("blind", PageEvent.Severity.ERROR, Effect.CHANGE_NOTHING, GuardSettings::blindPageAfterMillis,
            "proxysql-sync is blind and changes nothing: {reason}",
            List.of(GuardInputs.STARTING),
            in -> in.blindReason() == null ? List.of() : List.of(in.starting()
                    ? Match.of(Condition.GLOBAL, "reason", in.blindReason(), GuardInputs.STARTING, "true")
                    : Match.of(Condition.GLOBAL, "reason", in.blindReason()))),
    ADMIN_ERROR("admin-error", PageEvent.Severity.ERROR, Effect.CHANGE_NOTHING,
            GuardSettings::adminErrorPageAfterMillis,
            "proxysql-sync cannot write ProxySQL: {error}",
            List.of(),
            in -> in.adminError() == null ? List.of()
                    : List.of(Match.of(Condition.GLOBAL, "error", in.adminError()))),
    /** Another writer of mysql_servers: a managed hostgroup in mysql_replication_hostgroups, or ProxySQL Cluster. */
    HOSTGROUP_CONFLICT("hostgroup-conflict", PageEvent.Severity.CRITICAL, Effect.REFUSE_ALL, settings -> 0L,
            "{conflict}",
            List.of(),
            in -> in.conflict() == null ? List.of()
                    : List.of(Match.of(Condition.GLOBAL, "conflict", in.conflict())));

    /** What the sync does while a condition holds. */
    public enum Effect {
        /** The schema's rows stay as they are in ProxySQL; other schemas are applied. */
        REFUSE_SCHEMA,
        /** Nothing is written to ProxySQL. */
        REFUSE_ALL,
        /** The plan is applied: the condition is paged, not prevented. */
        APPLY,
        /** Nothing is changed until the condition clears (the pass cannot run). */
        CHANGE_NOTHING
    }

    /** One place a row's matcher found its condition: the subject and the facts the text and details use. */
    public record Match(String subject, Map<String, String> facts) {
        public Match {
            facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        }

        /** @param keysAndValues fact name, value, name, value… */
        static Match of(String subject, String... keysAndValues) {
            Map<String, String> facts = new LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                facts.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            return new Match(subject, facts);
        }
    }

    private final String token;
    private final PageEvent.Severity severity;
    private final Effect effect;
    private final ToLongFunction<GuardSettings> grace;
    private final String text;
    private final List<String> detailKeys;
    private final Function<GuardInputs, List<Match>> matcher;

    ConditionKind(String token, PageEvent.Severity severity, Effect effect, ToLongFunction<GuardSettings> grace,
            String text, List<String> detailKeys, Function<GuardInputs, List<Match>> matcher) {
        this.token = token;
        this.severity = severity;
        this.effect = effect;
        this.grace = grace;
        this.text = text;
        this.detailKeys = detailKeys;
        this.matcher = matcher;
    }

    /** The guard's name: in dedup keys, metric labels ({@code -} as {@code _}), the status node and logs. */
    public String token() {
        return token;
    }

    public PageEvent.Severity severity() {
        return severity;
    }

    public Effect effect() {
        return effect;
    }

    /** The page text's template. */
    public String text() {
        return text;
    }

    /** How long the condition may hold before it pages. */
    public long graceMillis(GuardSettings settings) {
        return grace.applyAsLong(settings);
    }

    /** The conditions of this row that hold in {@code inputs}. */
    public List<Condition> match(GuardInputs inputs) {
        return matcher.apply(inputs).stream().map(this::condition).toList();
    }

    /** This row's condition for one match: the text rendered from its facts, the details its row names. */
    public Condition condition(Match match) {
        Map<String, String> details = new LinkedHashMap<>();
        for (String key : detailKeys) {
            String value = match.facts().get(key);
            if (value != null) {
                details.put(key, value);
            }
        }
        return new Condition(this, match.subject(), render(text, match.facts()), details);
    }

    /** Every condition that holds in {@code inputs}, row by row. */
    public static List<Condition> evaluate(GuardInputs inputs) {
        List<Condition> conditions = new ArrayList<>();
        for (ConditionKind kind : values()) {
            conditions.addAll(kind.match(inputs));
        }
        return conditions;
    }

    /** Each row's grace from the config. */
    public static Map<ConditionKind, Long> graces(GuardSettings settings) {
        Map<ConditionKind, Long> graces = new EnumMap<>(ConditionKind.class);
        for (ConditionKind kind : values()) {
            graces.put(kind, kind.graceMillis(settings));
        }
        return graces;
    }

    /** Replaces each {@code {name}} by its fact in one pass; a name without a fact is a bug in the table. */
    static String render(String template, Map<String, String> facts) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                throw new IllegalStateException("unclosed placeholder in guard text " + template);
            }
            String name = template.substring(open + 1, close);
            String value = facts.get(name);
            if (value == null) {
                throw new IllegalStateException("guard text " + template + " names {" + name + "}, which the match "
                        + "does not have (facts: " + facts.keySet() + ")");
            }
            out.append(template, i, open).append(value);
            i = close + 1;
        }
        return out.toString();
    }

    private static String primaries(SchemaVerdict verdict) {
        return verdict.primaries().stream().map(Object::toString).collect(Collectors.joining(", "));
    }
}
