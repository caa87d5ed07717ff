package org.mysqldiscovery.role.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mysqldiscovery.common.lifecycle.State;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: one JSON object per line for every change and every refused request (time, caller address,
 * method, path, the request without secrets, the answer). Appended with {@code O_APPEND}, one {@code write} per line,
 * so that concurrent writers (and log shippers reading it) never see interleaved lines. Not fsynced: an audit line
 * must not add a disk flush to a failover; the role file itself is fsynced.
 *
 * <p>An audit log that cannot be written does not refuse the request: a failover must not wait for a full disk.
 * It is logged at ERROR and counted in {@code mysql_discovery_role_audit_failures_total}.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper MAPPER = PayloadCodec.newMapper()
            .disable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Clock clock;
    private final Runnable failures;
    private FileChannel channel;
    private State state = State.LATENT;

    public AuditLog(Path file, Clock clock, Runnable failures) {
        this.file = file.toAbsolutePath();
        this.clock = clock;
        this.failures = failures;
    }

    /** Opens (creates) the file; throws when it cannot, so that the agent refuses to start without its audit log. */
    public synchronized void start() throws IOException {
        if (state != State.LATENT) {
            throw new IllegalStateException("audit log already " + state);
        }
        Path parent = file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        state = State.STARTED;
    }

    /**
     * Appends one line.
     *
     * @param caller  the caller's address
     * @param method  HTTP method
     * @param path    request path
     * @param request the request's fields (never headers, never the token), or null when it could not be parsed
     * @param status  the HTTP status answered
     * @param result  the answer's body
     */
    public void record(String caller, String method, String path, Map<String, Object> request, int status,
            Map<String, Object> result) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("caller", caller);
        line.put("method", method);
        line.put("path", path);
        if (request != null) {
            line.put("request", request);
        }
        line.put("status", status);
        line.put("result", result);
        byte[] bytes;
        try {
            bytes = (MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            failures.run();
            LOG.error("cannot encode an audit line: {}", e.toString());
            return;
        }
        synchronized (this) {
            if (state != State.STARTED) {
                failures.run();
                LOG.error("audit log {} is {}: line lost: {}", file, state, new String(bytes, StandardCharsets.UTF_8));
                return;
            }
            try {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                failures.run();
                LOG.error("cannot append to audit log {}: {}: line lost: {}", file, e.toString(),
                        new String(bytes, StandardCharsets.UTF_8));
            }
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("closing audit log {}: {}", file, e.toString());
            }
        }
    }
}
