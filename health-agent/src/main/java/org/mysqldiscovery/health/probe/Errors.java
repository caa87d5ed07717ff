package org.mysqldiscovery.health.probe;

import java.sql.SQLException;

/** Error texts for {@code /health}: first line only, bounded, with the server's error code. */
final class Errors {
    private static final int MAX = 300;

    private Errors() {
    }

    static String describe(SQLException e) {
        String message = firstLine(e.getMessage());
        String code = e.getErrorCode() != 0 ? " [" + e.getErrorCode() + "/" + e.getSQLState() + "]"
                : e.getSQLState() != null ? " [" + e.getSQLState() + "]" : "";
        return message + code;
    }

    static String describe(Exception e) {
        if (e instanceof SQLException sql) {
            return describe(sql);
        }
        String message = firstLine(e.getMessage());
        return message.isEmpty() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > MAX ? line.substring(0, MAX) + "…" : line;
    }
}
