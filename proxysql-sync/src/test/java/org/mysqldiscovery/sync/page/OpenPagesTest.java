package org.mysqldiscovery.sync.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.page.PageEvent;

/** Pages that outlive a restart: the tracker's adoption rule and the file that carries the keys. */
class OpenPagesTest {
    static final Condition DOUBLE = new Condition(ConditionKind.DOUBLE_PRIMARY, "orders", "two primaries", Map.of());
    static final String DOUBLE_KEY = "mysql-discovery/double-primary/orders@proxy1:6032";
    static final String OLD_KEY = "mysql-discovery/no-primary/users@proxy1:6032";

    @TempDir
    Path dir;

    PageTracker tracker() {
        return new PageTracker("proxy1:6032", Map.of(ConditionKind.DOUBLE_PRIMARY, 5_000L));
    }

    @Test
    void an_adopted_page_whose_condition_holds_again_is_not_triggered_twice_and_resolves_when_it_clears() {
        PageTracker tracker = tracker();
        tracker.adopt(List.of(DOUBLE_KEY));
        assertThat(tracker.update(List.of(DOUBLE), 1_000)).isEmpty();
        assertThat(tracker.tick(60_000)).isEmpty(); // past the grace: still no second trigger
        assertThat(tracker.resolveOrphans()).isEmpty();
        assertThat(tracker.openKeys()).containsExactly(DOUBLE_KEY);
        assertThat(tracker.update(List.of(), 61_000)).singleElement().satisfies(p -> {
            assertThat(p.action()).isEqualTo(PageEvent.Action.RESOLVE);
            assertThat(p.dedupKey()).isEqualTo(DOUBLE_KEY);
        });
        assertThat(tracker.openKeys()).isEmpty();
    }

    @Test
    void an_adopted_page_whose_condition_is_gone_is_resolved_once_the_view_is_judged() {
        PageTracker tracker = tracker();
        tracker.adopt(List.of(OLD_KEY, DOUBLE_KEY));
        assertThat(tracker.openKeys()).containsExactly(DOUBLE_KEY, OLD_KEY);
        assertThat(tracker.update(List.of(DOUBLE), 1_000)).isEmpty();
        assertThat(tracker.resolveOrphans()).singleElement().satisfies(p -> {
            assertThat(p.action()).isEqualTo(PageEvent.Action.RESOLVE);
            assertThat(p.dedupKey()).isEqualTo(OLD_KEY);
        });
        assertThat(tracker.resolveOrphans()).isEmpty();
        assertThat(tracker.openKeys()).containsExactly(DOUBLE_KEY);
    }

    @Test
    void keys_survive_a_round_trip_through_the_file() {
        Path file = dir.resolve("state/open-pages.json");
        try (OpenPagesFile store = new OpenPagesFile(file)) {
            assertThat(store.load()).isEmpty();
            store.start();
            store.save(Set.of(DOUBLE_KEY, OLD_KEY));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.saved().size() == 2);
        }
        try (OpenPagesFile again = new OpenPagesFile(file)) {
            assertThat(again.load()).containsExactly(DOUBLE_KEY, OLD_KEY);
            again.start();
            again.save(Set.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> again.saved().isEmpty());
        }
        assertThat(new OpenPagesFile(file).load()).isEmpty();
        assertThat(Files.exists(file.resolveSibling("open-pages.json.tmp"))).isFalse();
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("garbage", "\u0000\u0001not json at all"),
                Arguments.of("not an object", "[1,2,3]"),
                Arguments.of("no list", "{\"openPages\": \"k\"}"),
                Arguments.of("truncated", "{\"openPages\": [\"a\", \"b"),
                Arguments.of("oversized", "{\"openPages\": [\"" + "x".repeat((int) OpenPagesFile.MAX_BYTES) + "\"]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void an_unusable_file_is_an_empty_set_not_a_dead_sync(String name, String content) throws Exception {
        Path file = dir.resolve("open-pages.json");
        Files.writeString(file, content);
        assertThat(new OpenPagesFile(file).load()).isEmpty();
    }

    @Test
    void hostile_entries_are_skipped_and_the_good_ones_kept() throws Exception {
        Path file = dir.resolve("open-pages.json");
        Files.writeString(file, "{\"openPages\": [\"good\", 42, null, \"\", \"   \", {\"a\":1}, \""
                + "y".repeat(5_000) + "\", \"also-good\"]}");
        assertThat(new OpenPagesFile(file).load()).containsExactly("also-good", "good");
    }

    @Test
    void a_file_that_cannot_be_written_leaves_the_sync_running() throws Exception {
        Path blocker = dir.resolve("not-a-directory");
        Files.writeString(blocker, "x");
        try (OpenPagesFile store = new OpenPagesFile(blocker.resolve("open-pages.json"))) {
            assertThat(store.load()).isEmpty();
            store.start();
            store.save(Set.of("k"));
        }
        assertThat(Files.isRegularFile(blocker)).isTrue();
    }
}
