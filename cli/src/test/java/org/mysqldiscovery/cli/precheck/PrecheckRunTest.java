package org.mysqldiscovery.cli.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.common.model.Instance;

/** The run's deadline and re-probing, with probers that misbehave on purpose. */
class PrecheckRunTest {
    static final Instance R1 = Instance.parse("r1:3306");
    static final Instance R2 = Instance.parse("r2:3306");
    static final Instance FAILED = Instance.parse("p1:3306");

    static ProbeResult caughtUp(Instance instance) {
        return PrecheckDecisionTest.maria(instance.spelling(), 2, "0-1-10", "0-1-10", "0-1-10", true, null);
    }

    @Test
    void a_probe_that_never_returns_counts_as_unreachable_at_the_deadline() {
        CountDownLatch never = new CountDownLatch(1);
        Prober hanging = (instance, deadline) -> {
            if (instance.equals(R2)) {
                return caughtUp(instance);
            }
            try {
                never.await(); // ignores the deadline, like a driver stuck in a read
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ProbeResult.Unreachable(instance, "interrupted");
        };
        long start = System.nanoTime();

        Verdict verdict = new PrecheckRun(hanging, Duration.ofMillis(800), 10).run(List.of(R1, R2),
                Optional.of(FAILED));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(Duration.ofMillis(10 * 800)); // 10x its budget (busy CI)
        assertThat(verdict.pass()).as(verdict.summary()).isTrue();
        assertThat(verdict.findings()).extracting(Finding::line)
                .contains("warning unreachable r1:3306: no answer before the deadline");
    }

    @Test
    void a_probe_that_throws_makes_that_server_unreadable_not_the_run_fail() {
        Prober broken = (instance, deadline) -> {
            if (instance.equals(R1)) {
                throw new IllegalStateException("driver bug");
            }
            return caughtUp(instance);
        };
        Verdict verdict = new PrecheckRun(broken, Duration.ofSeconds(2), 10).run(List.of(R1, R2), Optional.empty());
        assertThat(verdict.pass()).isFalse();
        assertThat(verdict.findings()).extracting(Finding::line)
                .contains("fatal unreadable r1:3306: answered but cannot be checked: probe failed:"
                        + " IllegalStateException: driver bug");
    }

    @Test
    void a_replica_still_applying_its_relay_log_is_probed_again_until_it_has_caught_up() {
        AtomicInteger probes = new AtomicInteger();
        Prober draining = (instance, deadline) -> probes.incrementAndGet() < 3
                ? PrecheckDecisionTest.maria(instance.spelling(), 2, "0-1-8", "0-1-8", "0-1-10", true, null)
                : caughtUp(instance);

        Verdict verdict = new PrecheckRun(draining, Duration.ofSeconds(3), 10).run(List.of(R1), Optional.empty());

        assertThat(verdict.pass()).as(verdict.summary()).isTrue();
        assertThat(probes.get()).isEqualTo(3);
    }

    @Test
    void a_replica_that_never_catches_up_fails_within_the_deadline() {
        Prober stuck = (instance, deadline) ->
                PrecheckDecisionTest.maria(instance.spelling(), 2, "0-1-8", "0-1-8", "0-1-10", true, null);
        long start = System.nanoTime();

        Verdict verdict = new PrecheckRun(stuck, Duration.ofMillis(1500), 10).run(List.of(R1), Optional.empty());

        // 10x its budget: a busy CI machine must not fail this, a hang still does.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(10 * 1500));
        assertThat(verdict.pass()).isFalse();
        assertThat(verdict.summary()).contains("no replica within 10 s");
    }
}
