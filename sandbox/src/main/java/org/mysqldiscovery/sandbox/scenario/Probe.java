package org.mysqldiscovery.sandbox.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches named conditions every millisecond on its own thread and records when each first became true, in
 * milliseconds since the run's start: the timeline of a run (role file flipped, registration moved, routed).
 */
final class Probe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Probe.class);

    private final long startNanos;
    private final Map<String, BooleanSupplier> conditions = new LinkedHashMap<>();
    private final Map<String, Long> firstTrue = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    Probe(long startNanos, Map<String, BooleanSupplier> conditions) {
        this.startNanos = startNanos;
        this.conditions.putAll(conditions);
        this.thread = new Thread(this::run, "probe");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        while (running && firstTrue.size() < conditions.size()) {
            for (Map.Entry<String, BooleanSupplier> condition : conditions.entrySet()) {
                if (!firstTrue.containsKey(condition.getKey()) && holds(condition.getValue())) {
                    firstTrue.put(condition.getKey(), (System.nanoTime() - startNanos) / 1_000_000);
                }
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static boolean holds(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.trace("probe condition: {}", e.toString());
            return false;
        }
    }

    Map<String, Long> timeline() {
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String name : conditions.keySet()) {
            if (firstTrue.containsKey(name)) {
                ordered.put(name, firstTrue.get(name));
            }
        }
        return ordered;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
