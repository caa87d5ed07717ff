package org.mysqldiscovery.sync.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.mysqldiscovery.common.model.PayloadCodec;

/** A local receiver of the PagerDuty Events API v2 shape: records every event, answers 202 as PagerDuty does. */
public final class PagerReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<JsonNode> events = new ArrayList<>();

    public PagerReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/enqueue", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                JsonNode event = PayloadCodec.mapper().readTree(body);
                synchronized (events) {
                    events.add(event);
                }
                byte[] answer = ("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":"
                        + event.path("dedup_key") + "}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(202, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2/enqueue";
    }

    public List<JsonNode> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public List<JsonNode> events(String action, String dedupKeyPart) {
        return events().stream().filter(e -> action.equals(e.path("event_action").asText()))
                .filter(e -> e.path("dedup_key").asText().contains(dedupKeyPart)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
