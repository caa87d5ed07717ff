package org.mysqldiscovery.common.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The schedule as a table: a script of events at fake times, and when the next pass is due. */
class WorkQueueTest {
    static final Debounce DEBOUNCE = new Debounce(30, 200);
    static final Backoff BACKOFF = new Backoff(100, 5_000);

    final FakeTicker ticker = new FakeTicker();
    final WorkQueue queue = new WorkQueue(DEBOUNCE, BACKOFF, ticker);

    static Stream<Arguments> schedules() {
        return Stream.of(
                Arguments.of("nothing marked is never due", "", -1),
                Arguments.of("a request is due at once", "request@5", 5),
                Arguments.of("a mark is due after the quiet period", "mark@0", 30),
                Arguments.of("a later mark starts the quiet period again", "mark@0 mark@20", 50),
                Arguments.of("a stream of marks is due at the latest after the maximum debounce",
                        "mark@0 mark@25 mark@50 mark@75 mark@100 mark@125 mark@150 mark@175 mark@190", 200),
                Arguments.of("a request during the debounce is due at once", "mark@0 request@10", 10),
                Arguments.of("a requeue is due when it runs out", "requeue500@0", 500),
                Arguments.of("a mark before the requeue runs out is due first", "requeue500@0 mark@100", 130),
                Arguments.of("a requeue of never leaves only the marks", "requeueNever@0 mark@7", 37),
                Arguments.of("taking clears the marks, the request and the requeue",
                        "mark@0 request@0 requeue5@0 take@1", -1),
                Arguments.of("a mark after the take is due after its own quiet period", "mark@0 take@30 mark@40", 70),
                Arguments.of("back-off delays due work", "fail@0 request@0", 100),
                Arguments.of("back-off doubles with each failure", "fail@0 fail@0 request@0", 200),
                Arguments.of("back-off stops at its cap",
                        "fail@0 fail@0 fail@0 fail@0 fail@0 fail@0 fail@0 fail@0 fail@0 fail@0 request@0", 5_000),
                Arguments.of("a success ends the back-off", "fail@0 succeed@10 request@10", 10),
                Arguments.of("work due after the back-off is not delayed", "fail@0 mark@200", 230),
                Arguments.of("a requeue that falls due while backing off waits for the back-off (no busy wake-ups)",
                        "requeue10@0 fail@0", 100),
                Arguments.of("back-off alone asks for no pass", "fail@0", -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void the_next_pass_is_due(String sentence, String script, long dueMillis) {
        run(queue, script);
        long due = queue.dueAtNanos();
        if (dueMillis < 0) {
            assertThat(due).as(sentence).isEqualTo(WorkQueue.NEVER);
        } else {
            assertThat(ticker.millis(due)).as(sentence).isEqualTo(dueMillis);
        }
    }

    private void run(WorkQueue target, String script) {
        for (String step : script.split(" ")) {
            if (step.isEmpty()) {
                continue;
            }
            String[] parts = step.split("@");
            ticker.setMillis(Long.parseLong(parts[1]));
            String op = parts[0];
            if (op.equals("mark")) {
                target.mark();
            } else if (op.equals("request")) {
                target.request();
            } else if (op.equals("take")) {
                target.take();
            } else if (op.equals("fail")) {
                target.failed();
            } else if (op.equals("succeed")) {
                target.succeeded();
            } else if (op.equals("requeueNever")) {
                target.requeue(Requeue.NEVER);
            } else if (op.startsWith("requeue")) {
                target.requeue(Requeue.afterMillis(Long.parseLong(op.substring("requeue".length()))));
            } else {
                throw new IllegalArgumentException(step);
            }
        }
    }

    @Test
    void a_take_says_what_was_marked_and_since_when() {
        ticker.setMillis(3);
        queue.mark();
        long pendingSince = queue.pendingSinceNanos();
        assertThat(ticker.millis(pendingSince)).as("the first mark's time, for the change → routed metric").isEqualTo(3);
        ticker.setMillis(9);
        queue.mark();
        assertThat(queue.pendingSinceNanos()).isEqualTo(pendingSince);
        assertThat(queue.take()).isEqualTo(new WorkQueue.Work(true, false, pendingSince));
        assertThat(queue.pendingSinceNanos()).isZero();
        assertThat(queue.take()).isEqualTo(new WorkQueue.Work(false, false, 0));
        assertThat(queue.marks()).isEqualTo(2);
    }

    @Test
    void a_request_is_taken_as_a_request_without_marks() {
        queue.request();
        assertThat(queue.due()).isTrue();
        assertThat(queue.take()).isEqualTo(new WorkQueue.Work(false, true, 0));
        assertThat(queue.due()).isFalse();
    }

    @Test
    void failures_count_up_and_a_success_returns_how_many_it_ends() {
        assertThat(queue.failed()).isEqualTo(100);
        assertThat(queue.failed()).isEqualTo(200);
        assertThat(queue.failed()).isEqualTo(400);
        assertThat(queue.failures()).isEqualTo(3);
        assertThat(queue.succeeded()).isEqualTo(3);
        assertThat(queue.failures()).isZero();
        assertThat(queue.failed()).isEqualTo(100);
    }

    @Test
    void a_due_pass_is_awaited_without_waiting() throws InterruptedException {
        queue.request();
        assertThat(queue.await(() -> true)).isTrue();
    }

    @Test
    void a_duty_due_before_the_debounce_ends_wakes_without_a_pass() throws InterruptedException {
        ticker.setMillis(0);
        queue.mark();
        queue.dutyIn(Requeue.afterMillis(10));
        ticker.setMillis(10);
        assertThat(queue.await(() -> true)).isFalse();
        assertThat(queue.marked()).as("the marks wait for their pass").isTrue();
    }

    @Test
    void a_stopped_loop_does_not_wait() throws InterruptedException {
        queue.mark();
        assertThat(queue.await(() -> false)).isFalse();
    }

    @Test
    void back_off_and_debounce_refuse_nonsense() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Backoff(100, 50))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Debounce(-1, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Backoff.NONE.delayMillis(7)).isZero();
        assertThat(new Backoff(100, 5_000).delayMillis(40)).isEqualTo(5_000);
    }
}
