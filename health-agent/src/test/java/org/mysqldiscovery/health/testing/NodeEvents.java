package org.mysqldiscovery.health.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;

/** Records every create and delete under a path, in order, with the time it was seen (System.nanoTime). */
public final class NodeEvents implements AutoCloseable {
    private final CuratorCache cache;
    private final List<Event> events = new ArrayList<>();

    public record Event(String type, String path, long nanos) {
    }

    public NodeEvents(CuratorFramework client, String root) {
        cache = CuratorCache.build(client, root);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(node -> add("create", node.getPath()))
                .forDeletes(node -> add("delete", node.getPath()))
                .build());
        cache.start();
    }

    private synchronized void add(String type, String path) {
        events.add(new Event(type, path, System.nanoTime()));
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    public synchronized Optional<Event> first(String type, String path, long afterNanos) {
        return events.stream().filter(e -> e.type().equals(type) && e.path().equals(path) && e.nanos() >= afterNanos)
                .findFirst();
    }

    @Override
    public void close() {
        cache.close();
    }
}
