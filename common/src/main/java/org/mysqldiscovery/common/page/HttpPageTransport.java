package org.mysqldiscovery.common.page;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.mysqldiscovery.common.model.PayloadCodec;

/**
 * Posts pages as JSON: either in PagerDuty Events API v2 shape (routing key, event_action, dedup_key, payload) or as
 * a generic webhook document. Each attempt is bounded by {@code timeout}.
 */
public final class HttpPageTransport implements PageTransport {
    public enum Shape { PAGERDUTY, WEBHOOK }

    private final Shape shape;
    private final URI url;
    private final String routingKey;
    private final Duration timeout;
    private final HttpClient client;

    public HttpPageTransport(Shape shape, URI url, String routingKey, Duration timeout) {
        this.shape = shape;
        this.url = url;
        this.routingKey = routingKey;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void deliver(PageEvent event) throws PageDeliveryException {
        byte[] body = PayloadCodec.encode(shape == Shape.PAGERDUTY ? pagerDuty(event) : webhook(event));
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PageDeliveryException(describe() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PageDeliveryException(describe() + ": interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            String answer = response.body() == null ? "" : response.body();
            throw new PageDeliveryException(describe() + ": HTTP " + response.statusCode() + " "
                    + answer.substring(0, Math.min(200, answer.length())),
                    PageDeliveryException.retryableStatus(response.statusCode()));
        }
    }

    private ObjectNode pagerDuty(PageEvent event) {
        ObjectNode root = PayloadCodec.mapper().createObjectNode();
        root.put("routing_key", routingKey);
        root.put("event_action", event.action() == PageEvent.Action.TRIGGER ? "trigger" : "resolve");
        root.put("dedup_key", event.dedupKey());
        if (event.action() == PageEvent.Action.TRIGGER) {
            ObjectNode payload = root.putObject("payload");
            payload.put("summary", event.summary());
            payload.put("source", event.source());
            payload.put("severity", event.severity().token());
            payload.put("timestamp", Instant.now().toString());
            payload.put("component", "mysql-discovery");
            ObjectNode details = payload.putObject("custom_details");
            event.details().forEach(details::put);
        }
        return root;
    }

    private ObjectNode webhook(PageEvent event) {
        ObjectNode root = PayloadCodec.mapper().createObjectNode();
        root.put("action", event.action().name().toLowerCase(java.util.Locale.ROOT));
        root.put("dedupKey", event.dedupKey());
        root.put("summary", event.summary());
        root.put("severity", event.severity().token());
        root.put("source", event.source());
        root.put("time", Instant.now().toString());
        ObjectNode details = root.putObject("details");
        event.details().forEach(details::put);
        return root;
    }

    @Override
    public String describe() {
        return shape.name().toLowerCase(java.util.Locale.ROOT) + " " + url;
    }
}
