package org.mysqldiscovery.common.page;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.mysqldiscovery.common.lifecycle.Lifecycle;
import org.mysqldiscovery.common.lifecycle.State;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends pages from a bounded queue on its own thread: a pager outage never blocks the caller (the sync must keep
 * syncing). Delivery follows PagerDuty Events v2: a 429, a 5xx or a connection failure is retried with exponential
 * back-off ({@code retryDelay}, doubling, at most {@link #MAX_DELAY}) for up to {@code retryFor} and
 * {@code attempts}; any other refusal is final at once. A page that cannot be delivered is said loudly: an ERROR line
 * {@code PAGE NOT DELIVERED} and the counters {@code mysql_discovery_pager_pages_total{outcome="failed"}} (all) and
 * {@code mysql_discovery_pager_rejected_total} (refused by the receiver). Pages go out in order (a resolve never overtakes its trigger), so one page in back-off holds the next.
 * When the queue is full the page is dropped, logged and counted.
 */
public final class AsyncPager implements Pager {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncPager.class);
    /** Longest pause between two attempts. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(60);

    private final PageTransport transport;
    private final BlockingQueue<PageEvent> queue;
    private final int attempts;
    private final Duration retryDelay;
    private final Duration retryFor;
    private final CounterDataPoint sent;
    private final CounterDataPoint failed;
    private final CounterDataPoint rejected;
    private final CounterDataPoint retries;
    private final CounterDataPoint dropped;
    private final Lifecycle state = new Lifecycle("pager");
    private final Object pauses = new Object();
    private final Thread worker;

    /** Retrying for at most a minute. */
    public AsyncPager(PageTransport transport, int queueCapacity, int attempts, Duration retryDelay,
            Telemetry metrics) {
        this(transport, queueCapacity, attempts, retryDelay, Duration.ofMinutes(1), metrics);
    }

    /**
     * @param attempts   attempts per page at most
     * @param retryDelay first pause after a retryable failure (doubles each time, at most {@link #MAX_DELAY})
     * @param retryFor   no attempt starts later than this after the first one
     */
    public AsyncPager(PageTransport transport, int queueCapacity, int attempts, Duration retryDelay, Duration retryFor,
            Telemetry metrics) {
        this.transport = transport;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.attempts = Math.max(1, attempts);
        this.retryDelay = retryDelay;
        this.retryFor = retryFor;
        Counter pages = metrics.counter("pager_pages_total", "Pages by outcome: sent (delivered), failed (not"
                + " delivered: retries exhausted or refused), dropped (queue full); failed or dropped never reached"
                + " on-call", "outcome");
        this.sent = pages.labelValues("sent");
        this.failed = pages.labelValues("failed");
        this.dropped = pages.labelValues("dropped");
        this.rejected = metrics.counter("pager_rejected_total", "Failed pages the receiver refused (not retried:"
                + " usually a wrong routing key or URL)").labelValues();
        this.retries = metrics.counter("pager_retries_total", "Delivery attempts repeated after a retryable"
                + " failure (429, 5xx, connection)").labelValues();
        this.worker = new Thread(this::run, "pager");
        this.worker.setDaemon(true);
    }

    /** The pause after failed attempt {@code attempt} (from 1): {@code first × 2^(attempt-1)}, at most {@code max}. */
    public static Duration backoff(int attempt, Duration first, Duration max) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt " + attempt + " is not positive");
        }
        int doublings = Math.min(attempt - 1, 30);
        long millis = first.toMillis() << doublings;
        return millis < 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    /** Pages delivered so far. */
    public long sent() {
        return (long) sent.get();
    }

    /** Pages not delivered so far (retries exhausted or refused). */
    public long failed() {
        return (long) failed.get();
    }

    /** Failed pages the receiver refused. */
    public long rejected() {
        return (long) rejected.get();
    }

    /** Attempts repeated after a retryable failure. */
    public long retries() {
        return (long) retries.get();
    }

    /** Pages dropped because the queue was full. */
    public long dropped() {
        return (long) dropped.get();
    }

    public void start() {
        if (state.tryStart()) {
            worker.start();
        }
    }

    @Override
    public void send(PageEvent event) {
        if (state.state() == State.CLOSED) {
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
        while (state.started() || !queue.isEmpty()) {
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
        long first = System.nanoTime();
        String last = "not attempted";
        int attempt = 1;
        for (; attempt <= attempts; attempt++) {
            try {
                transport.deliver(event);
                sent.inc();
                LOG.info("page {} {} delivered via {}{}", event.action(), event.dedupKey(), transport.describe(),
                        attempt > 1 ? " (attempt " + attempt + ")" : "");
                return;
            } catch (PageDeliveryException e) {
                last = e.getMessage();
                if (!e.retryable()) {
                    rejected.inc();
                    failed.inc();
                    LOG.error("PAGE NOT DELIVERED {} [{}] {}: refused by the receiver, not retried: {}",
                            event.action(), event.dedupKey(), event.summary(), last);
                    return;
                }
            }
            Duration delay = backoff(attempt, retryDelay, MAX_DELAY);
            long elapsed = System.nanoTime() - first;
            if (attempt == attempts || elapsed + delay.toNanos() > retryFor.toNanos()
                    || state.state() == State.CLOSED) {
                break;
            }
            retries.inc();
            LOG.warn("page {} {} attempt {} failed, retrying in {} ms: {}", event.action(), event.dedupKey(), attempt,
                    delay.toMillis(), last);
            if (!pause(delay)) {
                break;
            }
        }
        failed.inc();
        LOG.error("PAGE NOT DELIVERED {} [{}] {}: {} attempt(s) over {} ms failed, last: {}", event.action(),
                event.dedupKey(), event.summary(), Math.min(attempt, attempts),
                (System.nanoTime() - first) / 1_000_000, last);
    }

    /** Waits {@code delay}, or less when the pager closes; false when it closed. */
    private boolean pause(Duration delay) {
        long until = System.nanoTime() + delay.toNanos();
        synchronized (pauses) {
            while (state.state() != State.CLOSED) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    pauses.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** Gives queued pages a short while to go out (a page in back-off stops waiting), then stops. */
    @Override
    public void close() {
        if (!state.close()) {
            return;
        }
        synchronized (pauses) {
            pauses.notifyAll();
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
