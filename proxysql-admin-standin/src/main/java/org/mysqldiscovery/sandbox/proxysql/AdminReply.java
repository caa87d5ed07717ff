package org.mysqldiscovery.sandbox.proxysql;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** What the admin answers to one statement: OK, an error, or rows. */
sealed interface AdminReply {

    /** An OK packet. */
    record Ok(long affectedRows, String info) implements AdminReply {
        public Ok {
            Objects.requireNonNull(info, "info");
            if (affectedRows < 0) {
                affectedRows = 0;
            }
        }

        static Ok empty() {
            return new Ok(0, "");
        }
    }

    /**
     * An ERR packet. The real admin reports every error as code 1045, SQLState 28000, whatever went wrong; only
     * the message tells errors apart.
     */
    record Failure(String message) implements AdminReply {
        static final int CODE = 1045;
        static final String SQL_STATE = "28000";

        public Failure {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * A result set. Values are the bytes SQLite gives as text (UTF-8), raw bytes for blobs, null for NULL.
     */
    record Rows(List<String> columns, List<List<byte[]>> rows) implements AdminReply {
        public Rows {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
            for (List<byte[]> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("row with " + row.size() + " values for " + columns.size()
                            + " columns");
                }
            }
        }

        /** The value at (row, column) as text; null for NULL. */
        String text(int row, int column) {
            byte[] value = rows.get(row).get(column);
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }
    }
}
