package org.mysqldiscovery.common.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.common.http.PrometheusText;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** PagerDuty Events v2 delivery semantics against a real local receiver: what is retried, how long, how loudly. */
class PagerDeliveryTest {
    private HttpServer receiver;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(400, false), Arguments.of(401, false), Arguments.of(403, false),
                Arguments.of(404, false), Arguments.of(413, false), Arguments.of(302, false),
                Arguments.of(429, true), Arguments.of(500, true), Arguments.of(502, true), Arguments.of(503, true),
                Arguments.of(599, true), Arguments.of(600, false));
    }

    @ParameterizedTest(name = "HTTP {0} retryable: {1}")
    @MethodSource("statuses")
    void only_429_and_5xx_are_retryable(int status, boolean retryable) {
        assertThat(PageDeliveryException.retryableStatus(status)).isEqualTo(retryable);
    }

    @Test
    void back_off_doubles_from_the_first_delay_up_to_the_cap() {
        Duration first = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(60);
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8, 100, Integer.MAX_VALUE).stream()
                .map(a -> AsyncPager.backoff(a, first, max).toMillis()).toList())
                .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L, 60_000L, 60_000L);
    }

    @Test
    void a_400_is_never_retried_and_is_said_loudly() throws Exception {
        int port = receiver(400);
        Telemetry metrics = Telemetry.bare("test");
        try (AsyncPager pager = pager(port, 10, Duration.ofMillis(10), Duration.ofSeconds(30), metrics)) {
            pager.send(trigger());
            await().atMost(Duration.ofSeconds(10)).until(() -> count(metrics, "failed") == 1);
        }
        assertThat(requests.get()).isEqualTo(1);
        assertThat(count(metrics, "rejected")).isEqualTo(1);
        assertThat(count(metrics, "retries")).isZero();
    }

    @Test
    void a_429_and_a_503_are_retried_with_back_off_until_delivered() throws Exception {
        int port = receiver(429, 503, 202);
        Telemetry metrics = Telemetry.bare("test");
        try (AsyncPager pager = pager(port, 10, Duration.ofMillis(20), Duration.ofSeconds(30), metrics)) {
            pager.send(trigger());
            await().atMost(Duration.ofSeconds(10)).until(() -> count(metrics, "sent") == 1);
        }
        assertThat(requests.get()).isEqualTo(3);
        assertThat(count(metrics, "retries")).isEqualTo(2);
        assertThat(count(metrics, "failed")).isZero();
    }

    @Test
    void retries_stop_when_the_retry_window_is_spent_and_the_failure_is_counted() throws Exception {
        int port = receiver(503);
        Telemetry metrics = Telemetry.bare("test");
        try (AsyncPager pager = pager(port, 100, Duration.ofMillis(50), Duration.ofMillis(300), metrics)) {
            pager.send(trigger());
            await().atMost(Duration.ofSeconds(10)).until(() -> count(metrics, "failed") == 1);
        }
        // 50 + 100 ms of pauses fit in 300 ms, a further 200 ms does not: three attempts.
        assertThat(requests.get()).isEqualTo(3);
        assertThat(count(metrics, "rejected")).isZero();
    }

    @Test
    void close_ends_a_back_off_at_once_and_counts_the_page_as_not_delivered() throws Exception {
        int port = receiver(503);
        Telemetry metrics = Telemetry.bare("test");
        AsyncPager pager = pager(port, 100, Duration.ofSeconds(30), Duration.ofMinutes(10), metrics);
        pager.send(trigger());
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() == 1);
        pager.close();
        assertThat(count(metrics, "failed")).isEqualTo(1);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void resolves_keep_their_order_behind_a_trigger_in_back_off() throws Exception {
        List<String> actions = new java.util.concurrent.CopyOnWriteArrayList<>();
        int port = receiver(actions, 503, 202, 202);
        Telemetry metrics = Telemetry.bare("test");
        try (AsyncPager pager = pager(port, 10, Duration.ofMillis(20), Duration.ofSeconds(30), metrics)) {
            pager.send(trigger());
            pager.send(PageEvent.resolve("k", "src"));
            await().atMost(Duration.ofSeconds(10)).until(() -> count(metrics, "sent") == 2);
        }
        assertThat(actions).containsExactly("trigger", "trigger", "resolve");
    }

    private static PageEvent trigger() {
        return PageEvent.trigger("k", "s", PageEvent.Severity.ERROR, "src", Map.of());
    }

    private static AsyncPager pager(int port, int attempts, Duration delay, Duration retryFor, Telemetry metrics) {
        AsyncPager pager = new AsyncPager(new HttpPageTransport(HttpPageTransport.Shape.PAGERDUTY,
                URI.create("http://127.0.0.1:" + port + "/v2/enqueue"), "rk", Duration.ofSeconds(2)), 10, attempts,
                delay, retryFor, metrics);
        pager.start();
        return pager;
    }

    private int receiver(int... statuses) throws Exception {
        return receiver(null, statuses);
    }

    /** Answers the statuses in turn, then the last one for ever. */
    private int receiver(List<String> actions, int... statuses) throws Exception {
        Deque<Integer> answers = new ArrayDeque<>();
        for (int status : statuses) {
            answers.add(status);
        }
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try {
                var body = org.mysqldiscovery.common.model.PayloadCodec.mapper().readTree(exchange.getRequestBody());
                if (actions != null) {
                    actions.add(body.path("event_action").asText());
                }
                requests.incrementAndGet();
                int status;
                synchronized (answers) {
                    status = answers.size() > 1 ? answers.poll() : answers.peek();
                }
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
            }
        });
        receiver.start();
        return receiver.getAddress().getPort();
    }

    /** A pager counter as scraped: sent, failed, dropped (pages_total{outcome}), rejected, retries. */
    private static long count(Telemetry metrics, String which) {
        String prefix = which.equals("rejected") || which.equals("retries") ? "mysql_discovery_pager_" + which
                + "_total " : "mysql_discovery_pager_pages_total{outcome=\"" + which + "\"} ";
        return new PrometheusText(metrics.registry()).render().lines().filter(l -> l.startsWith(prefix))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(prefix.length()))).findFirst().orElseThrow();
    }
}
