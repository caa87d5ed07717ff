package org.mysqldiscovery.sandbox.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local receiver of the PagerDuty Events API v2 shape ({@code POST /v2/enqueue}), standing in for PagerDuty in
 * the sandbox and the tests. Records every event it receives; answers 202 like PagerDuty.
 */
public final class PagerReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 512 * 1024;

    /** One received event. */
    public record Event(Instant receivedAt, String action, String dedupKey, String severity, String summary,
            JsonNode raw) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "pager-receiver");
        thread.setDaemon(true);
        return thread;
    });

    public PagerReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the pager receiver", e);
        }
        server.createContext("/v2/enqueue", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readNBytes(MAX_BODY_BYTES);
                JsonNode node = JSON.readTree(bytes);
                events.add(new Event(Instant.now(), node.path("event_action").asText(),
                        node.path("dedup_key").asText(), node.at("/payload/severity").asText(null),
                        node.at("/payload/summary").asText(null), node));
                exchange.sendResponseHeaders(202, -1);
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** The URL to put in a program's {@code pager.url} (kind pagerduty). */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2/enqueue";
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<Event> events(String action, String dedupKeyPart) {
        return events.stream().filter(e -> e.action().equals(action) && e.dedupKey().contains(dedupKeyPart)).toList();
    }

    public void clear() {
        events.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
