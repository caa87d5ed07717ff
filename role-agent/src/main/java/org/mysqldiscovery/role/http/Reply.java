package org.mysqldiscovery.role.service;

import java.util.LinkedHashMap;
import java.util.Map;

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
