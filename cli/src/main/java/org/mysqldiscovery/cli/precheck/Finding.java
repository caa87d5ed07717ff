package org.mysqldiscovery.cli.precheck;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * One line of the precheck's report.
 *
 * @param severity {@code fatal} findings fail the precheck; {@code warning} and {@code info} do not
 * @param kind     what was found
 * @param instance the server it is about, or null for the cluster as a whole
 * @param gtid     the GTID (or GTID set) concerned, or null
 * @param message  what was found, for humans
 */
@JsonPropertyOrder({"severity", "kind", "instance", "gtid", "message"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Finding(Severity severity, Kind kind, String instance, String gtid, String message) {

    public enum Severity {
        FATAL, WARNING, INFO;

        @JsonValue
        public String token() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Kind {
        ERRANT("errant"), LAG("lag"), UNREACHABLE("unreachable"), UNREADABLE("unreadable"),
        NO_REPLICA("no-replica"), MIXED_FLAVORS("mixed-flavors"), FAILED_PRIMARY("failed-primary"),
        NOTE("note"), DATACENTER("datacenter");

        private final String token;

        Kind(String token) {
            this.token = token;
        }

        @JsonValue
        public String token() {
            return token;
        }
    }

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    public boolean fatal() {
        return severity == Severity.FATAL;
    }

    /** {@code fatal errant db2:3306 0-2-101: …} */
    public String line() {
        StringBuilder out = new StringBuilder(severity.token()).append(' ').append(kind.token());
        if (instance != null) {
            out.append(' ').append(instance);
        }
        if (gtid != null) {
            out.append(' ').append(gtid);
        }
        return out.append(": ").append(message).toString();
    }
}
