package org.mysqldiscovery.sandbox.process;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a few slow, blocking actions (start or stop a server) at once, one thread each. On a
 * 2-core machine the common fork-join pool would run them one or two at a time.
 */
public final class Parallel {

    private Parallel() {
    }

    /**
     * Runs {@code action} on every item on its own thread and waits for all; then rethrows the
     * first failure, with the others suppressed.
     */
    public static <T> void forEach(List<T> items, Consumer<T> action) {
        if (items.isEmpty()) {
            return;
        }
        if (items.size() == 1) {
            action.accept(items.get(0));
            return;
        }
        List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (T item : items) {
            Thread t = new Thread(() -> {
                try {
                    action.accept(item);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "sandbox-parallel-" + item);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + t.getName(), e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** Runs every task on its own thread; as {@link #forEach}. */
    public static void run(List<Runnable> tasks) {
        forEach(tasks, Runnable::run);
    }
}
