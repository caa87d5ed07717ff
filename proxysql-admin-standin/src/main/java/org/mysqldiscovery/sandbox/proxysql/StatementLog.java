package org.mysqldiscovery.sandbox.proxysql;

import java.util.ArrayList;
import java.util.List;

/**
 * Every statement the stand-in received, in arrival order, so tests can assert what a client sent (for example
 * "no LOAD when nothing changed"). Thread-safe. A statement longer than {@link #MAX_RECORDED_CHARS} is recorded
 * truncated (with its length), so a hostile 16 MiB query cannot make the log the stand-in's memory problem.
 */
final class StatementLog {
    static final int MAX_RECORDED_CHARS = 1 << 20;

    private final List<String> statements = new ArrayList<>();

    void record(String statement) {
        String recorded = statement.length() <= MAX_RECORDED_CHARS ? statement
                : statement.substring(0, MAX_RECORDED_CHARS) + "...[truncated, " + statement.length() + " chars]";
        synchronized (statements) {
            statements.add(recorded);
        }
    }

    List<String> snapshot() {
        synchronized (statements) {
            return List.copyOf(statements);
        }
    }

    void clear() {
        synchronized (statements) {
            statements.clear();
        }
    }
}
