package org.mysqldiscovery.common.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.mysqldiscovery.common.model.PayloadCodec;

/** Against a real local HTTP receiver: PagerDuty Events v2 shape, webhook shape, outages. */
class AsyncPagerTest {
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void pagerduty_trigger_and_resolve_have_the_events_v2_shape_and_a_stable_dedup_key() throws Exception {
        int port = startReceiver(202, null);
        Telemetry metrics = Telemetry.bare("test");
        try (AsyncPager pager = new AsyncPager(new HttpPageTransport(HttpPageTransport.Shape.PAGERDUTY,
                URI.create("http://127.0.0.1:" + port + "/v2/enqueue"), "rk-123", Duration.ofSeconds(2)), 10, 3,
                Duration.ofMillis(10), metrics)) {
            pager.start();
            pager.send(PageEvent.trigger("md/double-primary/orders", "two primaries in orders",
                    PageEvent.Severity.CRITICAL, "proxysql1", Map.of("schema", "orders")));
            pager.send(PageEvent.resolve("md/double-primary/orders", "proxysql1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        }
        JsonNode trigger = received.get(0);
        assertThat(trigger.get("routing_key").asText()).isEqualTo("rk-123");
        assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.get("dedup_key").asText()).isEqualTo("md/double-primary/orders");
        assertThat(trigger.at("/payload/summary").asText()).isEqualTo("two primaries in orders");
        assertThat(trigger.at("/payload/severity").asText()).isEqualTo("critical");
        assertThat(trigger.at("/payload/source").asText()).isEqualTo("proxysql1");
        assertThat(trigger.at("/payload/custom_details/schema").asText()).isEqualTo("orders");
        JsonNode resolve = received.get(1);
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText()).isEqualTo("md/double-primary/orders");
    }

    @Test
    void a_pager_outage_never_blocks_the_caller_and_is_counted() throws Exception {
        CountDownLatch hang = new CountDownLatch(1);
        int port = startReceiver(200, hang);
        Telemetry metrics = Telemetry.bare("test");
        try (AsyncPager pager = new AsyncPager(new HttpPageTransport(HttpPageTransport.Shape.WEBHOOK,
                URI.create("http://127.0.0.1:" + port + "/hook"), null, Duration.ofMillis(200)), 2, 1,
                Duration.ofMillis(10), metrics)) {
            pager.start();
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                pager.send(PageEvent.trigger("k" + i, "s", PageEvent.Severity.ERROR, "src", Map.of()));
            }
            // 10x its budget: a busy CI machine must not fail this, a hang still does.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(10 * 200));
            assertThat(pager.dropped()).isGreaterThanOrEqualTo(40);
            await().atMost(Duration.ofSeconds(5)).until(() -> pager.failed() >= 1);
        } finally {
            hang.countDown();
        }
    }

    @Test
    void an_unreachable_receiver_fails_after_the_attempts_without_throwing() {
        Telemetry metrics = Telemetry.bare("test");
        try (AsyncPager pager = new AsyncPager(new HttpPageTransport(HttpPageTransport.Shape.WEBHOOK,
                URI.create("http://127.0.0.1:1/hook"), null, Duration.ofMillis(200)), 10, 2, Duration.ofMillis(10),
                metrics)) {
            pager.start();
            pager.send(PageEvent.trigger("k", "s", PageEvent.Severity.ERROR, "src", Map.of()));
            await().atMost(Duration.ofSeconds(5)).until(() -> pager.failed() == 1);
        }
    }

    private int startReceiver(int status, CountDownLatch hang) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try {
                if (hang != null) {
                    hang.await(10, TimeUnit.SECONDS);
                }
                received.add(PayloadCodec.mapper().readTree(exchange.getRequestBody()));
                exchange.sendResponseHeaders(status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.start();
        return receiver.getAddress().getPort();
    }
}
