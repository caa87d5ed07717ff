package org.mysqldiscovery.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloserTest {
    final List<String> closed = new ArrayList<>();
    final Closer closer = new Closer("test");

    AutoCloseable part(String name) {
        return () -> closed.add(name);
    }

    @Test
    void parts_close_last_added_first_and_only_once() {
        closer.add("zookeeper", part("zookeeper"));
        closer.add("http", part("http"));
        closer.add("reconciler", part("reconciler"));
        closer.close();
        closer.close();
        assertThat(closed).containsExactly("reconciler", "http", "zookeeper");
    }

    @Test
    void a_part_that_fails_to_close_does_not_keep_the_others_open() {
        closer.add("zookeeper", part("zookeeper"));
        closer.add("broken", () -> {
            throw new IllegalStateException("stuck");
        });
        closer.add("checked", () -> {
            throw new java.io.IOException("disk gone");
        });
        closer.add("http", part("http"));
        closer.close();
        assertThat(closed).containsExactly("http", "zookeeper");
    }

    @Test
    void an_interrupted_close_keeps_the_interrupt_and_closes_the_rest() {
        closer.add("zookeeper", part("zookeeper"));
        closer.add("waits", () -> {
            throw new InterruptedException();
        });
        closer.close();
        assertThat(Thread.interrupted()).as("the interrupt is kept (and cleared here)").isTrue();
        assertThat(closed).containsExactly("zookeeper");
    }

    @Test
    void a_part_added_after_close_is_closed_at_once() {
        closer.close();
        closer.add("late", part("late"));
        assertThat(closed).containsExactly("late");
    }

    @Test
    void a_lifecycle_starts_once_and_only_its_first_close_counts() {
        Lifecycle lifecycle = new Lifecycle("sync");
        assertThat(lifecycle.state()).isEqualTo(State.LATENT);
        lifecycle.start();
        assertThat(lifecycle.started()).isTrue();
        assertThatThrownBy(lifecycle::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("sync already STARTED");
        assertThat(lifecycle.close()).isTrue();
        assertThat(lifecycle.close()).isFalse();
        assertThat(lifecycle.state()).isEqualTo(State.CLOSED);
        assertThatThrownBy(lifecycle::start).hasMessage("sync already CLOSED");
    }

    @Test
    void closing_a_component_that_never_started_stops_nothing() {
        Lifecycle lifecycle = new Lifecycle("watchdog");
        assertThat(lifecycle.closeStarted()).isFalse();
        assertThat(lifecycle.state()).isEqualTo(State.CLOSED);
        Lifecycle started = new Lifecycle("watchdog");
        started.start();
        assertThat(started.closeStarted()).isTrue();
        assertThat(started.closeStarted()).isFalse();
    }
}
