package org.mysqldiscovery.cli.precheck;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.mysqldiscovery.common.model.Quoting;

/**
 * A MySQL GTID set ({@code @@gtid_executed}, {@code Retrieved_Gtid_Set}): {@code uuid:1-5:7,uuid2:1-3}, with MySQL
 * 8.4 tags ({@code uuid:tag:1-5}). Immutable, normalised (intervals sorted and merged), with the set operations the
 * errant-transaction rule needs: union, subtraction, containment.
 */
public final class MysqlGtidSet {
    static final int MAX_TEXT = 1024 * 1024;
    /** GTID numbers are 1..2^63-2 in MySQL. */
    static final long MAX_GNO = Long.MAX_VALUE - 1;
    private static final Pattern UUID_HYPHENATED =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern UUID_PLAIN = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,31}");
    private static final Pattern INTERVAL = Pattern.compile("\\d{1,20}(-\\d{1,20})?");
    private static final MysqlGtidSet EMPTY = new MysqlGtidSet(new TreeMap<>());

    /** An inclusive range of transaction numbers. */
    public record Interval(long start, long end) {
        public Interval {
            if (start < 1 || end < start || end > MAX_GNO) {
                throw new IllegalArgumentException("GTID interval " + start + "-" + end + " is invalid");
            }
        }

        @Override
        public String toString() {
            return start == end ? Long.toString(start) : start + "-" + end;
        }
    }

    /** source id ({@code uuid} or {@code uuid:tag}, lower case) → sorted, disjoint, non-adjacent intervals. */
    private final SortedMap<String, List<Interval>> bySource;

    private MysqlGtidSet(SortedMap<String, List<Interval>> bySource) {
        this.bySource = Collections.unmodifiableSortedMap(bySource);
    }

    public static MysqlGtidSet empty() {
        return EMPTY;
    }

    /**
     * Parses a GTID set as MySQL prints it (elements separated by commas and optional whitespace or newlines).
     *
     * @param what names the value in error messages, e.g. {@code "gtid_executed of db1:3306"}
     */
    public static MysqlGtidSet parse(String text, String what) throws GtidFormatException {
        String trimmed = GtidText.checked(text, what, MAX_TEXT);
        if (trimmed.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<Interval>> raw = new TreeMap<>();
        String[] elements = trimmed.split(",", -1);
        for (int i = 0; i < elements.length; i++) {
            String element = elements[i].strip();
            String where = what + ": element " + (i + 1) + " " + Quoting.quote(element);
            String[] parts = element.split(":", -1);
            if (parts.length < 2) {
                throw new GtidFormatException(where + " is not uuid:interval[:interval…]");
            }
            String uuid = normaliseUuid(parts[0], where);
            String tag = null;
            boolean intervalSinceTag = true;
            for (int p = 1; p < parts.length; p++) {
                String part = parts[p];
                if (INTERVAL.matcher(part).matches()) {
                    String source = tag == null ? uuid : uuid + ":" + tag;
                    raw.computeIfAbsent(source, k -> new ArrayList<>()).add(parseInterval(part, where));
                    intervalSinceTag = true;
                } else if (TAG.matcher(part).matches()) {
                    if (!intervalSinceTag) {
                        throw new GtidFormatException(where + ": tag " + Quoting.quote(tag) + " has no interval");
                    }
                    tag = part.toLowerCase(java.util.Locale.ROOT);
                    intervalSinceTag = false;
                } else {
                    throw new GtidFormatException(where + ": " + Quoting.quote(part)
                            + " is neither an interval (N or N-M) nor a tag");
                }
            }
            if (!intervalSinceTag) {
                throw new GtidFormatException(where + ": tag " + Quoting.quote(tag) + " has no interval");
            }
        }
        SortedMap<String, List<Interval>> normal = new TreeMap<>();
        raw.forEach((source, intervals) -> normal.put(source, merge(intervals)));
        return new MysqlGtidSet(normal);
    }

    private static String normaliseUuid(String text, String where) throws GtidFormatException {
        if (UUID_HYPHENATED.matcher(text).matches()) {
            return text.toLowerCase(java.util.Locale.ROOT);
        }
        if (UUID_PLAIN.matcher(text).matches()) {
            String t = text.toLowerCase(java.util.Locale.ROOT);
            return t.substring(0, 8) + "-" + t.substring(8, 12) + "-" + t.substring(12, 16) + "-"
                    + t.substring(16, 20) + "-" + t.substring(20);
        }
        throw new GtidFormatException(where + ": " + Quoting.quote(text) + " is not a server UUID");
    }

    private static Interval parseInterval(String text, String where) throws GtidFormatException {
        int dash = text.indexOf('-');
        try {
            long start = Long.parseLong(dash < 0 ? text : text.substring(0, dash));
            long end = dash < 0 ? start : Long.parseLong(text.substring(dash + 1));
            return new Interval(start, end);
        } catch (NumberFormatException e) {
            throw new GtidFormatException(where + ": interval " + Quoting.quote(text) + " is out of range 1.."
                    + MAX_GNO);
        } catch (IllegalArgumentException e) {
            throw new GtidFormatException(where + ": interval " + Quoting.quote(text)
                    + " is invalid (start must be >= 1 and <= end, end <= " + MAX_GNO + ")");
        }
    }

    private static List<Interval> merge(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingLong(Interval::start));
        List<Interval> out = new ArrayList<>();
        for (Interval next : sorted) {
            if (!out.isEmpty()) {
                Interval last = out.get(out.size() - 1);
                // Adjacent intervals merge too: 1-5 and 6-9 are 1-9 (end < MAX_GNO, so end + 1 cannot overflow).
                if (next.start() <= last.end() + 1) {
                    out.set(out.size() - 1, new Interval(last.start(), Math.max(last.end(), next.end())));
                    continue;
                }
            }
            out.add(next);
        }
        return List.copyOf(out);
    }

    public boolean isEmpty() {
        return bySource.isEmpty();
    }

    /** The source ids ({@code uuid} or {@code uuid:tag}). */
    public java.util.Set<String> sources() {
        return bySource.keySet();
    }

    public List<Interval> intervals(String source) {
        return bySource.getOrDefault(source, List.of());
    }

    public MysqlGtidSet union(MysqlGtidSet other) {
        if (other.isEmpty()) {
            return this;
        }
        Map<String, List<Interval>> raw = new TreeMap<>();
        bySource.forEach((s, list) -> raw.computeIfAbsent(s, k -> new ArrayList<>()).addAll(list));
        other.bySource.forEach((s, list) -> raw.computeIfAbsent(s, k -> new ArrayList<>()).addAll(list));
        SortedMap<String, List<Interval>> normal = new TreeMap<>();
        raw.forEach((source, intervals) -> normal.put(source, merge(intervals)));
        return new MysqlGtidSet(normal);
    }

    /** {@code this − other}: the GTIDs of this set that {@code other} does not have. */
    public MysqlGtidSet subtract(MysqlGtidSet other) {
        SortedMap<String, List<Interval>> result = new TreeMap<>();
        for (Map.Entry<String, List<Interval>> entry : bySource.entrySet()) {
            List<Interval> remaining = entry.getValue();
            for (Interval cut : other.intervals(entry.getKey())) {
                remaining = cut(remaining, cut);
            }
            if (!remaining.isEmpty()) {
                result.put(entry.getKey(), List.copyOf(remaining));
            }
        }
        return new MysqlGtidSet(result);
    }

    private static List<Interval> cut(List<Interval> intervals, Interval cut) {
        List<Interval> out = new ArrayList<>();
        for (Interval i : intervals) {
            if (cut.end() < i.start() || cut.start() > i.end()) {
                out.add(i);
                continue;
            }
            if (i.start() < cut.start()) {
                out.add(new Interval(i.start(), cut.start() - 1));
            }
            if (i.end() > cut.end()) {
                out.add(new Interval(cut.end() + 1, i.end()));
            }
        }
        return out;
    }

    /** True when every GTID of {@code other} is in this set (MySQL's {@code GTID_SUBSET(other, this)}). */
    public boolean containsAll(MysqlGtidSet other) {
        return other.subtract(this).isEmpty();
    }

    /** The GTIDs whose source UUID is {@code uuid} (any tag). */
    public MysqlGtidSet ofUuid(String uuid) {
        String u = uuid.toLowerCase(java.util.Locale.ROOT);
        SortedMap<String, List<Interval>> result = new TreeMap<>();
        bySource.forEach((source, list) -> {
            if (source.equals(u) || source.startsWith(u + ":")) {
                result.put(source, list);
            }
        });
        return new MysqlGtidSet(result);
    }

    /** Number of transactions in the set (exact; may exceed a long for hostile sets). */
    public BigInteger count() {
        BigInteger total = BigInteger.ZERO;
        for (List<Interval> list : bySource.values()) {
            for (Interval i : list) {
                total = total.add(BigInteger.valueOf(i.end()).subtract(BigInteger.valueOf(i.start()))
                        .add(BigInteger.ONE));
            }
        }
        return total;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MysqlGtidSet s && s.bySource.equals(bySource);
    }

    @Override
    public int hashCode() {
        return bySource.hashCode();
    }

    /** MySQL's spelling, sources in order, tagged sources written as {@code uuid:tag:…}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<Interval>> entry : bySource.entrySet()) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(entry.getKey());
            for (Interval i : entry.getValue()) {
                out.append(':').append(i);
            }
        }
        return out.toString();
    }
}
