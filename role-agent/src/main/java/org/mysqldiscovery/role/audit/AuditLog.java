package org.mysqldiscovery.role.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>Rotated by size by the agent itself: a line that would take the file past {@code maxBytes} first renames it to
 * {@code <file>.1} (the older ones to {@code .2}, …, keeping {@code keepFiles}) and starts a new one. So the audit
 * log never takes more than {@code (keepFiles + 1) × maxBytes} on disk, whatever a caller sends.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper MAPPER = PayloadCodec.newMapper()
            .disable(SerializationFeature.INDENT_OUTPUT);

    /** Defaults of {@code limits.auditLogMaxBytes} and {@code limits.auditLogFiles}. */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_KEEP_FILES = 5;

    private final Path file;
    private final Clock clock;
    private final Runnable failures;
    private final long maxBytes;
    private final int keepFiles;
    private FileChannel channel;
    private long size;
    private State state = State.LATENT;

    public AuditLog(Path file, Clock clock, Runnable failures) {
        this(file, clock, failures, DEFAULT_MAX_BYTES, DEFAULT_KEEP_FILES);
    }

    /**
     * @param maxBytes  size past which the file is rotated
     * @param keepFiles rotated files kept ({@code .1} … {@code .keepFiles})
     */
    public AuditLog(Path file, Clock clock, Runnable failures, long maxBytes, int keepFiles) {
        if (maxBytes < 1 || keepFiles < 1) {
            throw new IllegalArgumentException("audit log maxBytes and keepFiles must be positive");
        }
        this.file = file.toAbsolutePath();
        this.clock = clock;
        this.failures = failures;
        this.maxBytes = maxBytes;
        this.keepFiles = keepFiles;
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
        open();
        state = State.STARTED;
    }

    private void open() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        size = channel.size();
    }

    /** Renames file to file.1 (file.1 to file.2, …; the oldest goes) and opens a new file. Under the lock. */
    private void rotate() throws IOException {
        channel.close();
        Path oldest = rotated(keepFiles);
        Files.deleteIfExists(oldest);
        for (int i = keepFiles - 1; i >= 1; i--) {
            Path from = rotated(i);
            if (Files.exists(from)) {
                Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (Files.exists(file)) {
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
        LOG.info("audit log rotated: {} -> {}", file, rotated(1));
    }

    /** {@code <file>.n}. */
    public Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
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
        append(line);
    }

    /**
     * Appends one summary line of refused requests not written one by one: {@code {"time", "summary":
     * "refused requests", "intervalMillis", "callers": [{"caller", "refused", "limited", "writtenInFull"}…],
     * "callersOmitted"}}.
     */
    public void summary(long intervalMillis, List<Map<String, Object>> callers, int omitted) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("summary", "refused requests");
        line.put("intervalMillis", intervalMillis);
        line.put("callers", callers);
        if (omitted > 0) {
            line.put("callersOmitted", omitted);
        }
        append(line);
    }

    private void append(Map<String, Object> line) {
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
                if (size > 0 && size + bytes.length > maxBytes) {
                    rotate();
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    size += channel.write(buffer);
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
