package org.mysqldiscovery.cli.command;

import java.time.Duration;
import java.time.Instant;

/** Human-readable ages: {@code 45s}, {@code 5m12s}, {@code 3h04m}, {@code 2d03h}. */
final class Ages {
    private Ages() {
    }

    static String since(Instant then, Instant now) {
        if (then == null) {
            return "unknown";
        }
        Duration age = Duration.between(then, now);
        if (age.isNegative()) {
            return "in the future (clock skew " + human(age.negated()) + ")";
        }
        return human(age) + " ago";
    }

    static long seconds(Instant then, Instant now) {
        return then == null ? -1 : Math.max(0, Duration.between(then, now).getSeconds());
    }

    static String human(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format("%02ds", s % 60);
        }
        if (s < 86_400) {
            return (s / 3600) + "h" + String.format("%02dm", (s % 3600) / 60);
        }
        return (s / 86_400) + "d" + String.format("%02dh", (s % 86_400) / 3600);
    }
}
