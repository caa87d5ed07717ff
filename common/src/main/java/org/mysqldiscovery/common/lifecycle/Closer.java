package org.mysqldiscovery.common.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suite's one close idiom: a component adds each part as it starts it, and {@link #close()} closes them in
 * reverse, each once. A part that fails to close is logged with its name and the others still close; a part added
 * after close is closed at once (a start racing a stop leaks nothing). Where a component must close in another order
 * than it starts (the health agent withdraws its registration first), it adds its parts in the reverse of that order.
 */
public final class Closer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

    private final String owner;
    private final Deque<Part> parts = new ArrayDeque<>();
    private boolean closed;

    private record Part(String name, AutoCloseable closeable) {
    }

    /** @param owner the component whose parts these are (in the log line of a failed close) */
    public Closer(String owner) {
        this.owner = owner;
    }

    /** Adds a part to close before every part added so far; returns it. */
    public <T extends AutoCloseable> T add(String name, T part) {
        synchronized (this) {
            if (!closed) {
                parts.push(new Part(name, part));
                return part;
            }
        }
        closeLogging(new Part(name, part));
        return part;
    }

    /** Closes every part added, last added first. Idempotent. */
    @Override
    public void close() {
        List<Part> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(parts);
            parts.clear();
        }
        for (Part part : toClose) {
            closeLogging(part);
        }
    }

    private void closeLogging(Part part) {
        try {
            part.closeable().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: closing {} interrupted; closing the others", owner, part.name());
        } catch (Exception e) {
            LOG.warn("{}: closing {} failed; closing the others: {}", owner, part.name(), e.toString(), e);
        }
    }
}
