package org.mysqldiscovery.role.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mysqldiscovery.role.service.Outcome;

/**
 * An answer of the API: HTTP status and JSON body (field order kept).
 *
 * @param status HTTP status
 * @param body   JSON object
 */
public record Reply(int status, Map<String, Object> body) {
    public Reply {
        body = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(body));
    }

    /** The answer to a service outcome: the one place that says which status code each outcome is. */
    public static Reply of(Outcome outcome) {
        return new Reply(status(outcome.kind()), outcome.body());
    }

    /** docs/DESIGN.md, role API: the status codes Orchestrator's hooks act on (a 504 drain aborts a takeover). */
    static int status(Outcome.Kind kind) {
        return switch (kind) {
            case DONE -> 200;
            case REFUSED, CANCELLED -> 409;
            case BUSY, UNREADABLE -> 503;
            case NOT_WRITTEN -> 500;
            case NOT_CONFIRMED -> 504;
        };
    }

    /** An error answer: {@code {"error": "...", "field": "..."}}. */
    public static Reply error(int status, String field, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        return new Reply(status, body);
    }
}
