package org.mysqldiscovery.health.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.regex.Pattern;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.model.Quoting;

/**
 * A pt-heartbeat style table: the primary writes the current time into {@code column} every second or so, the
 * replica's lag is how old the newest row it has replicated is. Preferred over {@code Seconds_Behind_Master}, which
 * reads 0 while the IO thread is stuck and says nothing under parallel or delayed apply.
 *
 * @param table        {@code database.table}, e.g. {@code percona.heartbeat}
 * @param column       the timestamp column (pt-heartbeat: {@code ts}, text such as {@code 2024-05-01T12:00:00.123456})
 * @param utc          whether the writer stores UTC times (pt-heartbeat {@code --utc}); false: the server's local time
 * @param maxLagMillis the largest acceptable lag; default: {@code maxReplicationLagSeconds}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeartbeatSettings(String table, String column, Boolean utc, Integer maxLagMillis) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_$]{1,64}");

    public HeartbeatSettings {
        if (table == null || table.isEmpty()) {
            throw new FieldException("table", "is required, as database.table (e.g. percona.heartbeat)");
        }
        String[] parts = table.split("\\.", -1);
        if (parts.length != 2 || !IDENTIFIER.matcher(parts[0]).matches() || !IDENTIFIER.matcher(parts[1]).matches()) {
            throw new FieldException("table", Quoting.quote(table)
                    + " is invalid: expected database.table, each part of letters, digits, _ or $");
        }
        column = column == null ? "ts" : column;
        if (!IDENTIFIER.matcher(column).matches()) {
            throw new FieldException("column", Quoting.quote(column)
                    + " is invalid: letters, digits, _ or $ only");
        }
        utc = utc == null ? Boolean.TRUE : utc;
        if (maxLagMillis != null) {
            Range.check("maxLagMillis", maxLagMillis, 1, 86_400_000);
        }
    }

    HeartbeatSettings withDefaultMaxLag(int millis) {
        return maxLagMillis != null ? this : new HeartbeatSettings(table, column, utc, millis);
    }

    /** The table as a quoted SQL identifier; safe because both parts match the identifier pattern. */
    public String quotedTable() {
        String[] parts = table.split("\\.");
        return "`" + parts[0] + "`.`" + parts[1] + "`";
    }

    public String quotedColumn() {
        return "`" + column + "`";
    }
}
