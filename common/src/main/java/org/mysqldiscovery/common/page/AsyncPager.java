package org.mysqldiscovery.common.page;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.mysqldiscovery.common.lifecycle.State;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends pages from a bounded queue on its own thread, retrying each a few times: a pager outage never blocks the
 * caller (the sync must keep syncing). When the queue is full the page is dropped, logged and counted.
 */
public final class AsyncPager implements Pager {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncPager.class);

    private final PageTransport transport;
    private final BlockingQueue<PageEvent> queue;
    private final int attempts;
    private final Duration retryDelay;
    private final CounterDataPoint sent;
    private final CounterDataPoint failed;
    private final CounterDataPoint dropped;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final Thread worker;

    public AsyncPager(PageTransport transport, int queueCapacity, int attempts, Duration retryDelay,
            Telemetry metrics) {
        this.transport = transport;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.attempts = Math.max(1, attempts);
        this.retryDelay = retryDelay;
        Counter pages = metrics.counter("pager_pages_total", "Pages by outcome: sent (delivered), failed (every"
                + " attempt failed), dropped (queue full); failed or dropped pages never reached on-call", "outcome");
        this.sent = pages.labelValues("sent");
        this.failed = pages.labelValues("failed");
        this.dropped = pages.labelValues("dropped");
        this.worker = new Thread(this::run, "pager");
        this.worker.setDaemon(true);
    }

    /** Pages delivered so far. */
    public long sent() {
        return (long) sent.get();
    }

    /** Pages whose every attempt failed so far. */
    public long failed() {
        return (long) failed.get();
    }

    /** Pages dropped because the queue was full. */
    public long dropped() {
        return (long) dropped.get();
    }

    public void start() {
        if (state.compareAndSet(State.LATENT, State.STARTED)) {
            worker.start();
        }
    }

    @Override
    public void send(PageEvent event) {
        if (state.get() == State.CLOSED) {
            LOG.warn("pager closed: not sending {} {}", event.action(), event.dedupKey());
            return;
        }
        if (!queue.offer(event)) {
            dropped.inc();
            LOG.error("pager queue full ({}): dropped {} {}: {}", queue.size(), event.action(), event.dedupKey(),
                    event.summary());
        }
    }

    private void run() {
        while (state.get() == State.STARTED || !queue.isEmpty()) {
            PageEvent event;
            try {
                event = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (event != null) {
                deliver(event);
            }
        }
    }

    private void deliver(PageEvent event) {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                transport.deliver(event);
                sent.inc();
                LOG.info("page {} {} delivered via {}", event.action(), event.dedupKey(), transport.describe());
                return;
            } catch (PageDeliveryException e) {
                LOG.warn("page {} {} attempt {}/{} failed: {}", event.action(), event.dedupKey(), attempt, attempts,
                        e.getMessage());
            }
            if (attempt < attempts && !pause(retryDelay.multipliedBy(attempt))) {
                break;
            }
        }
        failed.inc();
        LOG.error("PAGE NOT DELIVERED {} [{}] {}", event.action(), event.dedupKey(), event.summary());
    }

    private boolean pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives queued pages a short while to go out, then stops. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        try {
            worker.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            LOG.error("pager closed with {} pages not delivered", queue.size());
        }
    }
}
