package org.mysqldiscovery.role.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.role.http.RefusalLimiter.Verdict;

class RefusalLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void the_first_refusals_are_written_in_full_then_counted_then_limited() {
        RefusalLimiter limiter = new RefusalLimiter(5, 1, 2);
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            verdicts.add(limiter.refuse("10.0.0.1", 0));
        }
        assertThat(verdicts).containsExactly(Verdict.REFUSE_IN_FULL, Verdict.REFUSE_IN_FULL, Verdict.REFUSE_COUNTED,
                Verdict.REFUSE_COUNTED, Verdict.REFUSE_COUNTED, Verdict.LIMIT, Verdict.LIMIT);
    }

    @Test
    void the_allowance_refills_at_its_rate() {
        RefusalLimiter limiter = new RefusalLimiter(1, 2, 0);
        assertThat(limiter.refuse("a", 0)).isEqualTo(Verdict.REFUSE_COUNTED);
        assertThat(limiter.refuse("a", SECOND / 4)).isEqualTo(Verdict.LIMIT);
        assertThat(limiter.refuse("a", SECOND / 2 + SECOND / 4)).isEqualTo(Verdict.REFUSE_COUNTED);
    }

    @Test
    void callers_are_limited_separately() {
        RefusalLimiter limiter = new RefusalLimiter(1, 1, 0);
        assertThat(limiter.refuse("a", 0)).isEqualTo(Verdict.REFUSE_COUNTED);
        assertThat(limiter.refuse("a", 0)).isEqualTo(Verdict.LIMIT);
        assertThat(limiter.refuse("b", 0)).isEqualTo(Verdict.REFUSE_COUNTED);
    }

    @Test
    void a_summary_counts_what_was_not_written_in_full_most_first_and_starts_a_new_interval() {
        RefusalLimiter limiter = new RefusalLimiter(3, 1, 1);
        for (int i = 0; i < 5; i++) {
            limiter.refuse("busy", 0);
        }
        limiter.refuse("quiet", 0);
        limiter.refuse("quiet", 0);
        List<RefusalLimiter.CallerCount> counts = limiter.drain(0);
        assertThat(counts).containsExactly(new RefusalLimiter.CallerCount("busy", 2, 2, 1),
                new RefusalLimiter.CallerCount("quiet", 1, 0, 1));
        assertThat(limiter.drain(0)).isEmpty();
        // A new interval writes the first one in full again.
        assertThat(limiter.refuse("quiet", 10 * SECOND)).isEqualTo(Verdict.REFUSE_IN_FULL);
    }

    @Test
    void past_the_tracked_callers_new_ones_share_one_entry() {
        RefusalLimiter limiter = new RefusalLimiter(1, 1, 0);
        for (int i = 0; i < RefusalLimiter.MAX_CALLERS; i++) {
            limiter.refuse("10.0." + (i / 256) + "." + (i % 256), 0);
        }
        assertThat(limiter.refuse("192.0.2.1", 0)).isEqualTo(Verdict.REFUSE_COUNTED);
        assertThat(limiter.refuse("192.0.2.2", 0)).isEqualTo(Verdict.LIMIT);
        assertThat(limiter.drain(0)).anyMatch(c -> c.caller().equals(RefusalLimiter.OTHERS));
    }
}
