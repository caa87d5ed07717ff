package org.mysqldiscovery.sync.registry;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mysqldiscovery.sync.plan.Member;

/**
 * {@link ViewRead#written()} as {@link ViewBuilder} makes it: an unmodifiable map that hashes its entries only when
 * first asked. Only the settle window reads it, and only while open; every other pass would hash 5,000 members for
 * nothing (fleet benchmark, issue 16). A member registered twice keeps the last zxid read.
 */
final class WrittenZxids extends AbstractMap<Member, Long> {
    private final List<Map.Entry<Member, Long>> entries;
    private Map<Member, Long> map;

    WrittenZxids(List<Map.Entry<Member, Long>> entries) {
        this.entries = List.copyOf(entries);
    }

    private synchronized Map<Member, Long> map() {
        if (map == null) {
            Map<Member, Long> built = new HashMap<>(entries.size() * 2);
            entries.forEach(e -> built.put(e.getKey(), e.getValue()));
            map = java.util.Collections.unmodifiableMap(built);
        }
        return map;
    }

    @Override
    public Long get(Object key) {
        return map().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return map().containsKey(key);
    }

    @Override
    public int size() {
        return map().size();
    }

    @Override
    public Set<Map.Entry<Member, Long>> entrySet() {
        return map().entrySet();
    }
}
