package org.mysqldiscovery.sync.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.common.page.PageEvent;

class PageTrackerTest {
    static final Condition DOUBLE = new Condition(ConditionKind.DOUBLE_PRIMARY, "orders", "two primaries", Map.of());
    static final Condition MASS = Condition.global(ConditionKind.MASS_REMOVAL, "too many");

    PageTracker tracker = new PageTracker("proxy1:6032", Map.of(ConditionKind.DOUBLE_PRIMARY, 5_000L));

    @Test
    void a_condition_pages_once_after_its_grace_and_resolves_once_when_cleared() {
        List<PageEvent> pages = new ArrayList<>();
        pages.addAll(tracker.update(List.of(DOUBLE), 1_000));
        assertThat(tracker.nextDeadlineMillis()).isEqualTo(6_000);
        pages.addAll(tracker.tick(5_999));
        assertThat(pages).isEmpty();
        pages.addAll(tracker.tick(6_000));
        pages.addAll(tracker.update(List.of(DOUBLE), 7_000));
        pages.addAll(tracker.tick(60_000));
        assertThat(pages).hasSize(1);
        assertThat(pages.get(0).action()).isEqualTo(PageEvent.Action.TRIGGER);
        assertThat(pages.get(0).dedupKey()).isEqualTo("mysql-discovery/double-primary/orders@proxy1:6032");
        assertThat(pages.get(0).details()).containsEntry("proxysql", "proxy1:6032");
        assertThat(tracker.nextDeadlineMillis()).isEqualTo(Long.MAX_VALUE);

        List<PageEvent> resolved = tracker.update(List.of(), 61_000);
        assertThat(resolved).singleElement().satisfies(p -> {
            assertThat(p.action()).isEqualTo(PageEvent.Action.RESOLVE);
            assertThat(p.dedupKey()).isEqualTo("mysql-discovery/double-primary/orders@proxy1:6032");
        });
        assertThat(tracker.update(List.of(), 62_000)).isEmpty();
    }

    @Test
    void a_condition_shorter_than_its_grace_never_pages() {
        assertThat(tracker.update(List.of(DOUBLE), 0)).isEmpty();
        assertThat(tracker.update(List.of(DOUBLE), 4_999)).isEmpty();
        assertThat(tracker.update(List.of(), 5_000)).isEmpty();
        assertThat(tracker.tick(100_000)).isEmpty();
    }

    @Test
    void a_condition_that_returns_starts_its_grace_again() {
        tracker.update(List.of(DOUBLE), 0);
        tracker.update(List.of(), 4_000);
        assertThat(tracker.update(List.of(DOUBLE), 4_500)).isEmpty();
        assertThat(tracker.tick(9_000)).isEmpty();
        assertThat(tracker.tick(9_500)).hasSize(1);
    }

    @Test
    void a_condition_without_grace_pages_at_once() {
        assertThat(tracker.update(List.of(MASS), 0)).singleElement()
                .satisfies(p -> assertThat(p.dedupKey()).isEqualTo("mysql-discovery/mass-removal/*@proxy1:6032"));
    }

    @Test
    void a_changed_summary_is_the_same_condition() {
        tracker.update(List.of(MASS), 0);
        Condition reworded = Condition.global(ConditionKind.MASS_REMOVAL, "even more");
        assertThat(tracker.update(List.of(reworded), 10)).isEmpty();
    }

    @Test
    void an_oversized_dedup_key_is_hashed_to_fit_pagerduty() {
        PageTracker longSource = new PageTracker("h".repeat(250) + ":6032", Map.of());
        List<PageEvent> pages = longSource.update(List.of(DOUBLE), 0);
        assertThat(pages.get(0).dedupKey()).hasSizeLessThanOrEqualTo(255).startsWith("mysql-discovery/double-primary/");
    }
}
