package org.mysqldiscovery.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;

/**
 * Where everything of a sandbox listens, as written by {@code --endpoints FILE} for scripts:
 * {@code {"zookeeper","zookeeperRoot","mysql":[{"schema","role","instance"}],
 * "agents":[{"program","instance","httpUrl","tokenFile"?,"statusPageUrl"?}]}}.
 */
@JsonPropertyOrder({"zookeeper", "zookeeperRoot", "mysql", "agents"})
public record Endpoints(String zookeeper, String zookeeperRoot, List<Mysql> mysql, List<Agent> agents) {

    /** One mysqld. */
    @JsonPropertyOrder({"schema", "role", "instance"})
    public record Mysql(String schema, String role, String instance) {
        public Mysql {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(instance, "instance");
        }
    }

    /**
     * One program of the suite; absent values are left out of the JSON. {@code statusPageUrl}: the operator's status
     * page ({@code mysql-discovery serve}'s), logged in to with any user name and the token file's token as password.
     */
    @JsonPropertyOrder({"program", "instance", "httpUrl", "tokenFile", "statusPageUrl"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Agent(String program, String instance, String httpUrl, String tokenFile, String statusPageUrl) {
        public Agent {
            Objects.requireNonNull(program, "program");
        }

        public Agent(String program, String instance, String httpUrl, String tokenFile) {
            this(program, instance, httpUrl, tokenFile, null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Endpoints {
        Objects.requireNonNull(zookeeper, "zookeeper");
        Objects.requireNonNull(zookeeperRoot, "zookeeperRoot");
        mysql = List.copyOf(mysql);
        agents = List.copyOf(agents);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render endpoints", e);
        }
    }

    public static Endpoints fromJson(String json) {
        try {
            return JSON.readValue(json, Endpoints.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an endpoints document: " + e.getMessage(), e);
        }
    }

    /** Writes the JSON atomically (temp file in the same directory, then rename). */
    public void write(Path file) {
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.writeString(tmp, toJson());
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write endpoints to " + target, e);
        }
    }
}
