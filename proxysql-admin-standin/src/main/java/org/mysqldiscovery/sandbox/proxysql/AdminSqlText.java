package org.mysqldiscovery.sandbox.proxysql;

/**
 * The two ways the admin looks at a query's text.
 *
 * <p>{@link #normalize} is how ProxySQL matches its own commands: whitespace runs become one space, leading and
 * trailing spaces and trailing semicolons go. {@link #firstStatement} is what SQLite runs: ProxySQL hands the text
 * to {@code sqlite3_prepare}, which compiles the first statement and ignores the rest, silently.
 */
final class AdminSqlText {
    private AdminSqlText() {
    }

    static String normalize(String query) {
        StringBuilder out = new StringBuilder(Math.min(query.length(), 4096));
        boolean pendingSpace = false;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(c);
        }
        int end = out.length();
        while (end > 0 && (out.charAt(end - 1) == ';' || out.charAt(end - 1) == ' ')) {
            end--;
        }
        out.setLength(end);
        return out.toString();
    }

    /**
     * The text of the first statement: everything up to the first semicolon outside quotes, identifiers and
     * comments (SQLite's quoting: '...', "...", `...`, [...], -- to end of line, C-style comments).
     */
    static String firstStatement(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            switch (c) {
                case '\'', '"', '`' -> i = skipPast(sql, i + 1, c);
                case '[' -> i = skipPast(sql, i + 1, ']');
                case '-' -> i = i + 1 < n && sql.charAt(i + 1) == '-' ? skipPast(sql, i + 2, '\n') : i + 1;
                case '/' -> {
                    if (i + 1 < n && sql.charAt(i + 1) == '*') {
                        int close = sql.indexOf("*/", i + 2);
                        i = close < 0 ? n : close + 2;
                    } else {
                        i++;
                    }
                }
                case ';' -> {
                    return sql.substring(0, i);
                }
                default -> i++;
            }
        }
        return sql;
    }

    /** True when the text holds anything but whitespace and comments. */
    static boolean hasStatement(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == ';') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = skipPast(sql, i + 2, '\n');
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else {
                return true;
            }
        }
        return false;
    }

    private static int skipPast(String sql, int from, char close) {
        int at = sql.indexOf(close, from);
        return at < 0 ? sql.length() : at + 1;
    }
}
