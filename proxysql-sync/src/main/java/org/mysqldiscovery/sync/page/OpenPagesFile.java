package org.mysqldiscovery.sync.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.mysqldiscovery.common.lifecycle.Lifecycle;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the sync keeps the dedup keys of its open pages (triggered, not resolved) so that a restarted sync resolves
 * them: a small JSON file, replaced atomically ({@code {"openPages":["key",…],"savedAt":"…"}}). A local file rather
 * than ZooKeeper because the page most likely to be open is "blind: ZooKeeper unusable", when ZooKeeper cannot record
 * it. Saves run on their own thread (latest set wins), so a slow or hung disk never holds the reconcile thread.
 * A missing file is an empty set; an unreadable, oversized or garbage file is an ERROR and an empty set: the sync
 * runs on, and the pages it cannot resolve are named in the log.
 */
public final class OpenPagesFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenPagesFile.class);
    /** Far above any real set (a page per schema and kind): a bigger file is not ours. */
    static final long MAX_BYTES = 1 << 20;
    static final int MAX_KEYS = 10_000;
    private static final int MAX_KEY_CHARS = 1_024;

    private final Path file;
    private final AtomicReference<SortedSet<String>> pending = new AtomicReference<>();
    private final Lifecycle state = new Lifecycle("open pages file");
    private final Thread writer;
    private volatile SortedSet<String> lastSaved;

    public OpenPagesFile(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.writer = new Thread(this::run, "open-pages-writer");
        this.writer.setDaemon(true);
    }

    public Path path() {
        return file;
    }

    /** The keys saved by the previous run; empty when there is no file or it cannot be used (logged). */
    public SortedSet<String> load() {
        SortedSet<String> keys = new TreeSet<>();
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                LOG.error("open pages file {} is {} bytes (more than {}): ignored; pages open before this start "
                        + "will not be resolved by this sync", file, size, MAX_BYTES);
                return keys;
            }
            JsonNode root = PayloadCodec.mapper().readTree(Files.readAllBytes(file));
            JsonNode list = root == null ? null : root.get("openPages");
            if (list == null || !list.isArray()) {
                throw new IOException("no openPages array");
            }
            for (JsonNode key : list) {
                if (key.isTextual() && !key.asText().isBlank() && key.asText().length() <= MAX_KEY_CHARS
                        && keys.size() < MAX_KEYS) {
                    keys.add(key.asText());
                } else {
                    LOG.warn("open pages file {}: ignoring entry {}", file, abbreviate(key.toString()));
                }
            }
            if (!keys.isEmpty()) {
                LOG.info("{} page(s) open before this start, from {}: {}", keys.size(), file, keys);
            }
        } catch (NoSuchFileException e) {
            LOG.debug("no open pages file {} yet", file);
        } catch (IOException | RuntimeException e) {
            LOG.error("open pages file {} cannot be read ({}): ignored; pages open before this start will not be "
                    + "resolved by this sync", file, e.getMessage());
        }
        lastSaved = keys;
        return keys;
    }

    public void start() {
        if (state.tryStart()) {
            writer.start();
        }
    }

    /** Records the open keys (asynchronously; only a change is written). */
    public void save(Collection<String> keys) {
        SortedSet<String> copy = new TreeSet<>(keys);
        if (copy.equals(lastSaved) && pending.get() == null) {
            return;
        }
        pending.set(copy);
        LockSupport.unpark(writer);
    }

    private void run() {
        while (state.started() || pending.get() != null) {
            SortedSet<String> keys = pending.getAndSet(null);
            if (keys == null) {
                LockSupport.parkNanos(200_000_000L);
                continue;
            }
            write(keys);
        }
    }

    private void write(SortedSet<String> keys) {
        if (keys.equals(lastSaved)) {
            return;
        }
        ObjectNode root = PayloadCodec.mapper().createObjectNode();
        ArrayNode list = root.putArray("openPages");
        keys.forEach(list::add);
        root.put("savedAt", Instant.now().toString());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(temp, PayloadCodec.encode(root));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            lastSaved = keys;
        } catch (AccessDeniedException e) {
            LOG.error("cannot write open pages file {} (permission denied): open pages will not survive a restart",
                    file);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot write open pages file {}: {}: open pages will not survive a restart", file,
                    e.toString());
        }
    }

    /** The keys last written (for tests and /status). */
    public List<String> saved() {
        SortedSet<String> keys = lastSaved;
        return keys == null ? List.of() : List.copyOf(keys);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    /** Writes what is pending, then stops. */
    @Override
    public void close() {
        if (!state.closeStarted()) {
            return;
        }
        LockSupport.unpark(writer);
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
