package org.mysqldiscovery.role.http;

/** A request body that cannot be accepted (answered 400); names the field (or {@code body}) and the reason. */
public final class InvalidRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public InvalidRequestException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
