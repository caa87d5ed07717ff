package org.mysqldiscovery.cli.precheck;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The failed primary's known history on MariaDB, as a set of positions per domain gathered from several servers
 * (each position stands for its domain's stream up to that GTID). Positions are kept, not merged: two sources that
 * disagree at the same sequence number are a fork, and the errant rule must see both.
 */
public final class MariaHistory {
    private final Map<Long, List<MariaGtid>> byDomain = new TreeMap<>();

    public void add(MariaGtid gtid) {
        List<MariaGtid> known = byDomain.computeIfAbsent(gtid.domain(), d -> new ArrayList<>());
        if (!known.contains(gtid)) {
            known.add(gtid);
        }
    }

    public void addAll(Collection<MariaGtid> gtids) {
        gtids.forEach(this::add);
    }

    /** True when some known position's stream includes {@code gtid}. */
    public boolean contains(MariaGtid gtid) {
        return byDomain.getOrDefault(gtid.domain(), List.of()).stream().anyMatch(gtid::isWithin);
    }

    /** True when some source has seen transactions of {@code server} in that domain up to at least {@code gtid}. */
    public boolean knowsServerUpTo(MariaGtid gtid) {
        return byDomain.getOrDefault(gtid.domain(), List.of()).stream()
                .anyMatch(h -> h.server() == gtid.server() && h.compareSeq(gtid) >= 0);
    }

    /** The most advanced known position of {@code domain} (highest sequence number). */
    public Optional<MariaGtid> mostAdvanced(long domain) {
        return byDomain.getOrDefault(domain, List.of()).stream().max(MariaGtid::compareSeq);
    }

    /** All positions with the highest sequence number of their domain. */
    public List<MariaGtid> heads() {
        List<MariaGtid> heads = new ArrayList<>();
        for (List<MariaGtid> known : byDomain.values()) {
            MariaGtid top = known.stream().max(MariaGtid::compareSeq).orElseThrow();
            known.stream().filter(g -> g.compareSeq(top) == 0).forEach(heads::add);
        }
        return heads;
    }

    public boolean isEmpty() {
        return byDomain.isEmpty();
    }

    /** The heads, spelled like a position (several GTIDs of one domain mean a fork). */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (MariaGtid gtid : heads()) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(gtid);
        }
        return out.toString();
    }
}
