package org.mysqldiscovery.role.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a request to the {@link RoleService} came to, in the service's own terms; the HTTP edge maps each
 * {@link Kind} to a status code. The body is the JSON object the caller gets (field order kept).
 *
 * @param kind what happened
 * @param body details for the caller
 */
public record Outcome(Kind kind, Map<String, Object> body) {
    /** What happened to a request. */
    public enum Kind {
        /** Done, or nothing to do: the answer says which. */
        DONE,
        /** A rule refused the request (wrong instance, role compare-and-set, drain on a replica…): nothing changed. */
        REFUSED,
        /** A drain was ended (a role change, a DELETE, the lease ran out) before its convergence was confirmed. */
        CANCELLED,
        /** Another request held the lock too long: retry. */
        BUSY,
        /** A role-directory file this request needs cannot be read: nothing changed. */
        UNREADABLE,
        /** Writing a role-directory file failed. */
        NOT_WRITTEN,
        /** The drain started but every sync did not confirm it in time: the lease stays. */
        NOT_CONFIRMED
    }

    public Outcome {
        Objects.requireNonNull(kind, "kind");
        body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
    }

    public static Outcome done(Map<String, Object> body) {
        return new Outcome(Kind.DONE, body);
    }

    /** A failed request: {@code {"error": "...", "field": "..."}}. */
    public static Outcome error(Kind kind, String field, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        return new Outcome(kind, body);
    }
}
