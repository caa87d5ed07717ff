package org.mysqldiscovery.common.config;

import java.util.Objects;

/**
 * A record refusing the value of one of its own fields: {@code field} is the field's path relative to the record
 * (e.g. {@code settleAfterReconnectMillis}), {@code reason} says what is wrong. {@link ConfigLoader} puts the path of
 * the record in front ({@code guards.settleAfterReconnectMillis}) and finds the field's line, from these two values,
 * not from the message. The message stays "field: reason" for callers that build records by hand.
 */
public class FieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public FieldException(String field, String reason) {
        super(Objects.requireNonNull(field, "field") + ": " + reason);
        this.field = field;
        this.reason = String.valueOf(reason);
    }

    /** @param cause what refused the value underneath (a parser), kept for the stack trace */
    public FieldException(String field, String reason, Throwable cause) {
        this(field, reason);
        initCause(cause);
    }

    /** The field's path relative to the record that refused it. */
    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    /**
     * A refusal from a record nested under {@code outer}, as the outer record reports it: a field's path gets
     * {@code outer.} in front; any other refusal keeps its message after {@code outer.}.
     */
    public static IllegalArgumentException under(String outer, IllegalArgumentException refusal) {
        if (refusal instanceof FieldException field) {
            return new FieldException(outer + "." + field.field(), field.reason(), refusal);
        }
        return new IllegalArgumentException(outer + "." + refusal.getMessage(), refusal);
    }
}
