package org.mysqldiscovery.health.check;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * One check's outcome as {@code /health} shows it.
 *
 * @param name           stable name, see {@link CheckNames}
 * @param status         outcome
 * @param message        what was seen, for a human: says exactly why a check fails
 * @param durationMillis how long the check took
 */
@JsonPropertyOrder({"name", "status", "message", "durationMillis"})
public record CheckResult(String name, CheckStatus status, String message, long durationMillis) {
    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        durationMillis = Math.max(0, durationMillis);
    }

    public static CheckResult of(String name, Verdict verdict, long durationMillis) {
        return new CheckResult(name, verdict.status(), verdict.message(), durationMillis);
    }

    public static CheckResult skipped(String name, String why) {
        return new CheckResult(name, CheckStatus.SKIPPED, why, 0);
    }

    public static CheckResult unknown(String name, String why) {
        return new CheckResult(name, CheckStatus.UNKNOWN, why, 0);
    }

    /** The line {@code /health} puts in "why not registered". */
    public String reason() {
        return name + ": " + message;
    }
}
