package org.mysqldiscovery.sync.proxysql;

/**
 * What went wrong on the admin interface. The admin answers every error with SQLState 28000 / code 1045, so the kind
 * is read from the message.
 */
public enum AdminErrorKind {
    /** No connection, refused, reset, closed: reconnect and retry with back-off. */
    UNREACHABLE(true),
    /** A statement or connect took longer than its bound: treat the connection as broken. */
    TIMEOUT(true),
    /** Wrong user or password. */
    AUTHENTICATION(true),
    /** A row broke a table constraint (UNIQUE, CHECK, NOT NULL). */
    CONSTRAINT(false),
    /** The admin did not understand a statement. */
    SYNTAX(false),
    /** A table, column or command this admin does not have. */
    UNSUPPORTED(false),
    /** A row the sync cannot read (hand-edited garbage). */
    BAD_ROW(false),
    /** Runtime did not match the configuration after LOAD. */
    VERIFY_FAILED(false),
    OTHER(false);

    private final boolean connectionBroken;

    AdminErrorKind(boolean connectionBroken) {
        this.connectionBroken = connectionBroken;
    }

    /** True when the connection must be dropped and opened anew. */
    public boolean connectionBroken() {
        return connectionBroken;
    }
}
