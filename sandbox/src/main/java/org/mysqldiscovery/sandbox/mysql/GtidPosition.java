package org.mysqldiscovery.sandbox.mysql;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A MariaDB GTID position ({@code @@gtid_binlog_pos}, {@code Gtid_IO_Pos}): per replication
 * domain the last {@code domain-server-sequence}. Pure value, parsed strictly.
 */
public record GtidPosition(Map<Long, Gtid> byDomain) {

    /** One GTID {@code domain-server-sequence}. */
    public record Gtid(long domain, long serverId, long sequence) {
        public Gtid {
            if (domain < 0 || serverId < 0 || sequence < 0) {
                throw new IllegalArgumentException("negative GTID component: " + domain + "-" + serverId + "-" + sequence);
            }
        }

        @Override
        public String toString() {
            return domain + "-" + serverId + "-" + sequence;
        }
    }

    public static final GtidPosition EMPTY = new GtidPosition(Map.of());

    public GtidPosition {
        // Sorted by domain, so that printing is stable (Map.copyOf iterates in a random order).
        byDomain = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(byDomain, "byDomain")));
    }

    /**
     * Parses {@code "0-1-10,1-2-3"} (blank means empty). Rejects anything else, naming the bad part.
     */
    public static GtidPosition parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        Map<Long, Gtid> map = new TreeMap<>();
        for (String raw : text.split(",", -1)) {
            String part = raw.strip();
            String[] fields = part.split("-", -1);
            if (fields.length != 3) {
                throw new IllegalArgumentException("not a GTID (domain-server-sequence): '" + part + "' in '" + text + "'");
            }
            long[] values = new long[3];
            for (int i = 0; i < 3; i++) {
                if (!fields[i].matches("[0-9]{1,19}")) {
                    throw new IllegalArgumentException("not a GTID (domain-server-sequence): '" + part + "' in '" + text + "'");
                }
                try {
                    values[i] = Long.parseLong(fields[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("GTID component out of range: '" + part + "' in '" + text + "'", e);
                }
            }
            Gtid gtid = new Gtid(values[0], values[1], values[2]);
            if (map.put(gtid.domain(), gtid) != null) {
                throw new IllegalArgumentException("domain " + gtid.domain() + " twice in GTID position '" + text + "'");
            }
        }
        return new GtidPosition(map);
    }

    /** True when, in every domain of {@code other}, this position is at least as far. */
    public boolean covers(GtidPosition other) {
        for (Gtid theirs : other.byDomain.values()) {
            Gtid ours = byDomain.get(theirs.domain());
            if (ours == null || ours.sequence() < theirs.sequence()) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return byDomain.isEmpty();
    }

    @Override
    public String toString() {
        return byDomain.values().stream().map(Gtid::toString).collect(Collectors.joining(","));
    }
}
