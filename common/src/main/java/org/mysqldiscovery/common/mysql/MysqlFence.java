package org.mysqldiscovery.common.mysql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one fence of the suite: makes a mysqld refuse writes. {@code super_read_only=ON} first where the server has
 * the variable (MySQL 8: {@code read_only} alone still lets SUPER users write; {@code super_read_only} does not, and
 * implies {@code read_only}), then {@code read_only=ON} (MariaDB has no {@code super_read_only}: there
 * {@code read_only} binds everyone without {@code READ_ONLY ADMIN}), then reads back what it set. Used by the health
 * agent (a primary that must not take writes), the role agent (a demotion) and the CLI.
 *
 * <p>The caller owns the statement and its bounds (socket timeout, query timeout). MariaDB 10.11 needs the
 * {@code READ_ONLY ADMIN} privilege for it; MySQL 8 {@code SUPER} or {@code SYSTEM_VARIABLES_ADMIN}.
 */
public final class MysqlFence {

    /**
     * What the fence set.
     *
     * @param superReadOnly true when the server has {@code super_read_only} and it was set
     */
    public record Result(boolean superReadOnly) {
        /** {@code super_read_only=ON, read_only=ON} or {@code read_only=ON}. */
        public String describe() {
            return superReadOnly ? "super_read_only=ON, read_only=ON" : "read_only=ON";
        }
    }

    private MysqlFence() {
    }

    /** True when the server has the variable {@code super_read_only} (MySQL 5.7+, not MariaDB). */
    public static boolean hasSuperReadOnly(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SHOW GLOBAL VARIABLES LIKE 'super_read_only'")) {
            return rs.next();
        }
    }

    /** Asks the server whether it has {@code super_read_only}, then fences. */
    public static Result apply(Statement statement) throws SQLException {
        return apply(statement, hasSuperReadOnly(statement));
    }

    /**
     * Fences a server whose variables the caller has just read.
     *
     * @param hasSuperReadOnly whether the server has {@code super_read_only}
     * @throws SQLException when a statement fails, or the server does not report what was set
     */
    public static Result apply(Statement statement, boolean hasSuperReadOnly) throws SQLException {
        if (hasSuperReadOnly) {
            statement.execute("SET GLOBAL super_read_only = ON");
        }
        statement.execute("SET GLOBAL read_only = ON");
        String readBack = hasSuperReadOnly ? "SELECT @@global.read_only, @@global.super_read_only"
                : "SELECT @@global.read_only";
        try (ResultSet rs = statement.executeQuery(readBack)) {
            if (!rs.next() || rs.getInt(1) != 1) {
                throw new SQLException("read_only did not turn on");
            }
            if (hasSuperReadOnly && rs.getInt(2) != 1) {
                throw new SQLException("super_read_only did not turn on");
            }
        }
        return new Result(hasSuperReadOnly);
    }
}
