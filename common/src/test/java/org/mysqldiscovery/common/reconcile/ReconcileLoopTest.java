package org.mysqldiscovery.common.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.common.lifecycle.State;

/** The loop's thread on the real clock; the schedule itself is {@link WorkQueueTest}'s. */
class ReconcileLoopTest {
    static final Duration DEADLINE = Duration.ofSeconds(10);

    final AtomicInteger passes = new AtomicInteger();
    final AtomicInteger duties = new AtomicInteger();
    final AtomicReference<Throwable> crash = new AtomicReference<>();
    volatile Requeue requeue = Requeue.NEVER;
    volatile RuntimeException throwInPass;
    final WorkQueue queue = new WorkQueue(Debounce.NONE, Backoff.NONE, Ticker.SYSTEM);
    final ReconcileLoop loop = new ReconcileLoop(new ReconcileLoop.Settings("test-loop", true, 2_000, true), queue,
            Ticker.SYSTEM, new ReconcileLoop.Reconcile() {
                @Override
                public Requeue reconcile(WorkQueue.Work work) {
                    passes.incrementAndGet();
                    RuntimeException e = throwInPass;
                    if (e != null) {
                        throwInPass = null;
                        throw e;
                    }
                    return requeue;
                }

                @Override
                public Requeue duties() {
                    duties.incrementAndGet();
                    return Requeue.NEVER;
                }

                @Override
                public Requeue crashed(Throwable error) {
                    crash.set(error);
                    return Requeue.NEVER;
                }
            });

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void a_mark_runs_a_pass_and_an_idle_loop_waits() {
        loop.start();
        loop.mark();
        await().atMost(DEADLINE).until(() -> passes.get() == 1);
        assertThat(loop.running()).isTrue();
        assertThat(loop.busyMillis()).as("idle").isEqualTo(-1);
    }

    @Test
    void a_requeue_runs_the_next_pass_without_a_mark() {
        requeue = Requeue.afterMillis(1);
        loop.start();
        loop.request();
        await().atMost(DEADLINE).until(() -> passes.get() >= 3);
    }

    @Test
    void a_pass_that_throws_is_handed_over_and_the_loop_carries_on() {
        throwInPass = new IllegalStateException("boom");
        loop.start();
        loop.request();
        await().atMost(DEADLINE).until(() -> crash.get() != null);
        assertThat(crash.get()).hasMessage("boom");
        loop.mark();
        await().atMost(DEADLINE).until(() -> passes.get() == 2);
    }

    @Test
    void close_stops_the_thread_and_is_idempotent() {
        loop.start();
        await().atMost(DEADLINE).until(() -> duties.get() >= 1);
        loop.close();
        loop.close();
        assertThat(loop.state()).isEqualTo(State.CLOSED);
        assertThat(loop.running()).isFalse();
        loop.mark();
        assertThat(passes.get()).isZero();
    }

    @Test
    void a_loop_closed_before_it_started_never_starts() {
        loop.close();
        assertThat(loop.state()).isEqualTo(State.CLOSED);
        org.assertj.core.api.Assertions.assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class);
    }
}
