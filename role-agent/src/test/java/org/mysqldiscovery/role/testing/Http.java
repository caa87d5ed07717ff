package org.mysqldiscovery.role.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.mysqldiscovery.common.model.PayloadCodec;

/** A small HTTP client for the agent's API in tests. */
public final class Http {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String token;

    public Http(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** One answer: status, raw body and its JSON (null when not JSON). */
    public record Answer(int status, String body, JsonNode json, HttpResponse<String> response) {
        public String error() {
            return json == null || json.get("error") == null ? null : json.get("error").asText();
        }

        public String field() {
            return json == null || json.get("field") == null ? null : json.get("field").asText();
        }
    }

    public Answer get(String path) {
        return send(builder(path, token).GET());
    }

    public Answer put(String path, String json) {
        return put(path, json.getBytes(StandardCharsets.UTF_8), "application/json", token);
    }

    public Answer put(String path, byte[] body, String contentType, String bearer) {
        HttpRequest.Builder builder = builder(path, bearer).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    /** A body sent chunked, without Content-Length. */
    public Answer putChunked(String path, byte[] body) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
    }

    public Answer delete(String path) {
        return send(builder(path, token).DELETE());
    }

    public Answer method(String method, String path) {
        return send(builder(path, token).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder builder(String path, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder;
    }

    private Answer send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = PayloadCodec.mapper().readTree(response.body());
            } catch (IOException notJson) {
                // left null: the caller asserts on the raw body
            }
            return new Answer(response.statusCode(), response.body(), json, response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
