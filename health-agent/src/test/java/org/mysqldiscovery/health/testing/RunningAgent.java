package org.mysqldiscovery.health.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.common.config.ConfigLoader;
import org.mysqldiscovery.health.HealthAgent;
import org.mysqldiscovery.health.config.HealthAgentConfig;

/** A health agent running in the test JVM, with helpers to read its {@code /health} and {@code /metrics}. */
public final class RunningAgent implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HealthAgentConfig config;
    private final HealthAgent agent;

    private RunningAgent(HealthAgentConfig config, HealthAgent agent) {
        this.config = config;
        this.agent = agent;
    }

    /**
     * The YAML of an agent for {@code server}: fast interval, HTTP on a free port, role files in {@code roleDir},
     * plus {@code extra} top-level lines.
     */
    public static String yaml(ZkServer zk, String root, MariaDbServer server, Path passwordFile, Path roleDir,
            String extra) {
        return "instance: 127.0.0.1:" + server.port() + "\n"
                + "zookeeper: {allowUnauthenticated: true, connectString: \"" + zk.connectString() + "\", root: " + root
                + ", sessionTimeoutMillis: " + 10 * zk.tickMillis() + ", connectionTimeoutMillis: 1000}\n"
                + "http: {port: 0}\n"
                + "roleDirectory: " + roleDir + "\n"
                + "mysql: {user: health, passwordFile: " + passwordFile + ", connectTimeoutMillis: 500}\n"
                + "checkIntervalMillis: 200\n"
                + "checkTimeoutMillis: 500\n"
                + "datacenter: dc-test\n"
                + extra;
    }

    public static RunningAgent start(String yaml) {
        HealthAgentConfig config;
        try {
            config = ConfigLoader.parse(yaml, "it.yaml", HealthAgentConfig.class);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        HealthAgent agent = HealthAgent.create(config);
        try {
            agent.start();
        } catch (IOException e) {
            agent.close();
            throw new IllegalStateException(e);
        }
        return new RunningAgent(config, agent);
    }

    public HealthAgentConfig config() {
        return config;
    }

    public HealthAgent agent() {
        return agent;
    }

    /** GET /health: status code and JSON body. */
    public Health health() {
        HttpResponse<String> response = get("/health");
        try {
            return new Health(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("/health is not JSON: " + response.body(), e);
        }
    }

    public String metrics() {
        return get("/metrics").body();
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        agent.close();
    }

    /** A /health answer. */
    public record Health(int status, JsonNode body) {
        /** The status of check {@code name}, or "absent". */
        public String check(String name) {
            for (JsonNode check : body.get("checks")) {
                if (check.get("name").asText().equals(name)) {
                    return check.get("status").asText();
                }
            }
            return "absent";
        }

        public String message(String name) {
            for (JsonNode check : body.get("checks")) {
                if (check.get("name").asText().equals(name)) {
                    return check.get("message").asText();
                }
            }
            return "";
        }

        public String whyNot() {
            return body.get("whyNotRegistered").toString();
        }

        @Override
        public String toString() {
            return status + " " + body.toPrettyString();
        }
    }
}
