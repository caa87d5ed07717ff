package org.mysqldiscovery.cli.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Quoting;
import org.mysqldiscovery.common.model.SchemaName;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parsers of the CLI's argument types; each error says what was expected. */
public final class Converters {
    static final Duration MAX_DURATION = Duration.ofHours(24);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private Converters() {
    }

    /** {@code HOST:PORT} or {@code [IPv6]:PORT}, spelled as Orchestrator names the instance. */
    public static final class InstanceConverter implements ITypeConverter<Instance> {
        @Override
        public Instance convert(String value) {
            return parseInstance(value);
        }
    }

    /** A schema name. */
    public static final class SchemaConverter implements ITypeConverter<SchemaName> {
        @Override
        public SchemaName convert(String value) {
            try {
                return new SchemaName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} (or ISO-8601 {@code PT5S}), at most 24 h. */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parseDuration(value);
        }
    }

    public static Instance parseInstance(String value) {
        try {
            return Instance.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    public static Duration parseDuration(String value) {
        if (value == null || value.isBlank()) {
            throw new TypeConversionException("duration is empty: expected e.g. 500ms, 5s, 2m, 1h");
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        Duration duration;
        Matcher m = DURATION.matcher(v);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            duration = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } else if (v.startsWith("pt")) {
            try {
                duration = Duration.parse(value.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw new TypeConversionException("duration " + Quoting.quote(value)
                        + " is invalid: expected e.g. 500ms, 5s, 2m, 1h");
            }
        } else {
            throw new TypeConversionException("duration " + Quoting.quote(value)
                    + " is invalid: expected a number with a unit, e.g. 500ms, 5s, 2m, 1h");
        }
        if (duration.isNegative() || duration.compareTo(MAX_DURATION) > 0) {
            throw new TypeConversionException("duration " + Quoting.quote(value) + " is out of range 0..24h");
        }
        return duration;
    }

    /**
     * A comma-separated list of {@code HOST:PORT} as Orchestrator's {@code {replicaHosts}} spells it. Empty elements
     * (a trailing comma, an empty placeholder) are skipped; duplicates are dropped; each bad element is named.
     */
    public static List<Instance> parseInstanceList(String value) {
        if (value == null) {
            return List.of();
        }
        if (value.length() > 100_000) {
            throw new TypeConversionException("instance list is longer than 100000 characters");
        }
        LinkedHashSet<Instance> instances = new LinkedHashSet<>();
        List<String> errors = new ArrayList<>();
        String[] elements = value.split(",", -1);
        for (int i = 0; i < elements.length; i++) {
            String element = elements[i].strip();
            if (element.isEmpty()) {
                continue;
            }
            try {
                instances.add(Instance.parse(element));
            } catch (IllegalArgumentException e) {
                errors.add("element " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new TypeConversionException(String.join("; ", errors.subList(0, Math.min(5, errors.size())))
                    + (errors.size() > 5 ? "; and " + (errors.size() - 5) + " more" : ""));
        }
        return List.copyOf(instances);
    }
}
