package org.mysqldiscovery.sync.proxysql;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/** Classifies admin errors by message: the admin reports every failure as SQLState 28000 / 1045. */
public final class AdminErrors {
    private AdminErrors() {
    }

    public static AdminErrorKind classify(SQLException e) {
        String message = messageChain(e).toLowerCase(Locale.ROOT);
        if (message.contains("access denied")) {
            return AdminErrorKind.AUTHENTICATION;
        }
        if (message.contains("constraint failed")) {
            return AdminErrorKind.CONSTRAINT;
        }
        if (message.contains("syntax error") || message.contains("unrecognized token")
                || message.contains("incomplete input")) {
            return AdminErrorKind.SYNTAX;
        }
        if (message.contains("no such table") || message.contains("no such column")
                || message.contains("command not supported")) {
            return AdminErrorKind.UNSUPPORTED;
        }
        if (e instanceof SQLTimeoutException || message.contains("timed out") || message.contains("timeout")) {
            return AdminErrorKind.TIMEOUT;
        }
        if (e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                || message.contains("communications link failure") || message.contains("connection refused")
                || message.contains("connection reset") || message.contains("connection is closed")
                || message.contains("socket") || message.contains("broken pipe")
                || message.contains("unexpected end of stream") || message.contains("could not connect")
                || "08".equals(sqlStateClass(e))) {
            return AdminErrorKind.UNREACHABLE;
        }
        return AdminErrorKind.OTHER;
    }

    private static String sqlStateClass(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.length() < 2 ? null : state.substring(0, 2);
    }

    /** The messages of the exception and its causes: drivers wrap the telling one. */
    static String messageChain(Throwable e) {
        StringBuilder out = new StringBuilder();
        Throwable current = e;
        for (int depth = 0; current != null && depth < 8; depth++) {
            if (current.getMessage() != null) {
                out.append(current.getMessage()).append(" | ");
            }
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
        }
        return out.toString();
    }

    /** One line for logs: the first message, bounded. */
    public static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
