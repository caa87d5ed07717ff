package org.mysqldiscovery.sync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkSignalTest {
    static final long MS = 1_000_000L;
    final WorkSignal signal = new WorkSignal();
    final ScheduledExecutorService marker = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        marker.shutdownNow();
    }

    long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / MS;
    }

    @Test
    void a_full_pass_request_is_due_at_once() throws Exception {
        signal.requestFullPass();
        long start = System.nanoTime();
        assertThat(signal.awaitWork(20 * MS, 100 * MS, 0, Long.MAX_VALUE)).isTrue();
        assertThat(elapsedMillis(start)).isLessThan(10 * 20); // 10x its budget (busy CI)
        assertThat(signal.take()).isEqualTo(new WorkSignal.Taken(false, true, 0));
    }

    @Test
    void a_mark_is_due_after_the_quiet_period() throws Exception {
        long start = System.nanoTime();
        signal.mark();
        long pendingSince = signal.pendingSinceNanos();
        assertThat(pendingSince - start).as("the first mark's time, for the change → routed metric")
                .isGreaterThanOrEqualTo(0);
        assertThat(signal.awaitWork(30 * MS, 200 * MS, 0, Long.MAX_VALUE)).isTrue();
        assertThat(elapsedMillis(start)).isGreaterThanOrEqualTo(30);
        assertThat(signal.take()).isEqualTo(new WorkSignal.Taken(true, false, pendingSince));
        assertThat(signal.pendingSinceNanos()).isZero();
        assertThat(signal.take()).isEqualTo(new WorkSignal.Taken(false, false, 0));
    }

    @Test
    void a_stream_of_marks_is_due_at_the_latest_after_the_maximum_debounce() throws Exception {
        signal.mark();
        long start = System.nanoTime();
        marker.scheduleAtFixedRate(signal::mark, 2, 2, TimeUnit.MILLISECONDS);
        // The quiet period (1 s) never comes while marks keep arriving: the maximum (80 ms) decides.
        assertThat(signal.awaitWork(1_000 * MS, 80 * MS, 0, Long.MAX_VALUE)).isTrue();
        assertThat(elapsedMillis(start)).isBetween(79L, 900L);
    }

    @Test
    void nothing_to_do_times_out_at_the_deadline() throws Exception {
        long start = System.nanoTime();
        assertThat(signal.awaitWork(20 * MS, 100 * MS, 0, System.nanoTime() + 40 * MS)).isFalse();
        assertThat(elapsedMillis(start)).isGreaterThanOrEqualTo(39);
    }

    @Test
    void back_off_delays_due_work() throws Exception {
        signal.requestFullPass();
        long start = System.nanoTime();
        assertThat(signal.awaitWork(20 * MS, 100 * MS, System.nanoTime() + 60 * MS, Long.MAX_VALUE)).isTrue();
        assertThat(elapsedMillis(start)).isGreaterThanOrEqualTo(59);
    }

    @Test
    void a_deadline_before_the_debounce_ends_reports_no_work_yet() throws Exception {
        signal.mark();
        assertThat(signal.awaitWork(200 * MS, 400 * MS, 0, System.nanoTime() + 10 * MS)).isFalse();
        assertThat(signal.dirty()).isTrue();
    }
}
