package org.mysqldiscovery.sync.proxysql;

import java.util.Objects;

/** A failed exchange with the ProxySQL admin; {@link #kind()} says what to do about it. */
public final class AdminException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AdminErrorKind kind;

    public AdminException(AdminErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public AdminException(AdminErrorKind kind, String message) {
        this(kind, message, null);
    }

    public AdminErrorKind kind() {
        return kind;
    }
}
