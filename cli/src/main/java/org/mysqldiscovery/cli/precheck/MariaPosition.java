package org.mysqldiscovery.cli.precheck;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mysqldiscovery.common.model.Quoting;

/**
 * A MariaDB GTID position ({@code @@gtid_binlog_pos}, {@code @@gtid_slave_pos}, {@code @@gtid_current_pos},
 * {@code Gtid_IO_Pos}): at most one GTID per replication domain, e.g. {@code 0-1-100,1-2-7}.
 */
public final class MariaPosition {
    /** Far above any real position (a few thousand domains); bounds the work hostile input can cause. */
    static final int MAX_TEXT = 64 * 1024;
    private static final Pattern ELEMENT = Pattern.compile("(\\d{1,10})-(\\d{1,10})-(\\d{1,20})");
    private static final MariaPosition EMPTY = new MariaPosition(new TreeMap<>());

    private final SortedMap<Long, MariaGtid> byDomain;

    private MariaPosition(SortedMap<Long, MariaGtid> byDomain) {
        this.byDomain = Collections.unmodifiableSortedMap(byDomain);
    }

    public static MariaPosition empty() {
        return EMPTY;
    }

    /**
     * Parses a position as the server prints it. Whitespace around elements is tolerated; anything else that is not
     * {@code domain-server-seq} in range, or a domain given twice, is rejected.
     *
     * @param what names the value in the error message, e.g. {@code "gtid_slave_pos of db1:3306"}
     */
    public static MariaPosition parse(String text, String what) throws GtidFormatException {
        String trimmed = GtidText.checked(text, what, MAX_TEXT);
        if (trimmed.isEmpty()) {
            return EMPTY;
        }
        SortedMap<Long, MariaGtid> byDomain = new TreeMap<>();
        String[] elements = trimmed.split(",", -1);
        for (int i = 0; i < elements.length; i++) {
            String element = elements[i].strip();
            Matcher m = ELEMENT.matcher(element);
            if (!m.matches()) {
                throw new GtidFormatException(what + ": element " + (i + 1) + " " + Quoting.quote(element)
                        + " is not a MariaDB GTID domain-server-seq");
            }
            MariaGtid gtid;
            try {
                gtid = new MariaGtid(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                        Long.parseUnsignedLong(m.group(3)));
            } catch (NumberFormatException e) {
                throw new GtidFormatException(what + ": element " + (i + 1) + " " + Quoting.quote(element)
                        + " has a sequence number above 2^64-1");
            } catch (IllegalArgumentException e) {
                throw new GtidFormatException(what + ": element " + (i + 1) + " " + Quoting.quote(element) + ": "
                        + e.getMessage());
            }
            if (byDomain.putIfAbsent(gtid.domain(), gtid) != null) {
                throw new GtidFormatException(what + ": domain " + gtid.domain() + " appears more than once");
            }
        }
        return new MariaPosition(byDomain);
    }

    public static MariaPosition of(MariaGtid... gtids) {
        SortedMap<Long, MariaGtid> byDomain = new TreeMap<>();
        for (MariaGtid gtid : gtids) {
            if (byDomain.putIfAbsent(gtid.domain(), gtid) != null) {
                throw new IllegalArgumentException("domain " + gtid.domain() + " appears more than once");
            }
        }
        return new MariaPosition(byDomain);
    }

    public Optional<MariaGtid> inDomain(long domain) {
        return Optional.ofNullable(byDomain.get(domain));
    }

    public Collection<MariaGtid> gtids() {
        return byDomain.values();
    }

    public boolean isEmpty() {
        return byDomain.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MariaPosition p && p.byDomain.equals(byDomain);
    }

    @Override
    public int hashCode() {
        return byDomain.hashCode();
    }

    /** The server's own spelling: {@code 0-1-100,1-2-7}, empty string for an empty position. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (MariaGtid gtid : byDomain.values()) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(gtid);
        }
        return out.toString();
    }
}
