package org.mysqldiscovery.health.files;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.lifecycle.Lifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the agent at once when the schema, role or drain file changes (inotify through {@link WatchService}).
 * Watches the directory and its parent: the parent notices the directory being deleted, re-created or replaced by a
 * rename, after which the directory is watched again. Watching is a fast path only: the agent also re-reads the files
 * every interval, so a missed event (or a directory whose parent is missing too) costs at most one interval.
 */
public final class RoleDirectoryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoleDirectoryWatcher.class);
    private static final Set<String> FILES = Set.of(RoleDirectory.SCHEMA_FILE, RoleDirectory.ROLE_FILE,
            RoleDirectory.DRAIN_FILE);

    private final Path directory;
    private final Runnable onChange;
    private final long retryMillis;
    private final Lifecycle state = new Lifecycle("watcher");
    private volatile WatchService service;
    private volatile Thread thread;
    private volatile boolean watchingDirectory;
    private WatchKey directoryKey;
    private WatchKey parentKey;

    /**
     * @param onChange    called (on the watcher thread) after anything relevant changed; must be quick
     * @param retryMillis how often to retry watching when the directory (or its parent) is missing
     */
    public RoleDirectoryWatcher(Path directory, Runnable onChange, long retryMillis) {
        this.directory = directory.toAbsolutePath().normalize();
        this.onChange = onChange;
        this.retryMillis = Math.max(10, retryMillis);
    }

    public void start() throws IOException {
        state.start();
        service = FileSystems.getDefault().newWatchService();
        Thread t = new Thread(this::run, "role-files-watch");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Whether the directory itself is watched right now (false while it is missing). */
    public boolean watchingDirectory() {
        return watchingDirectory;
    }

    private void run() {
        try {
            while (state.started()) {
                ensureWatching();
                WatchKey key = service.poll(retryMillis, TimeUnit.MILLISECONDS);
                if (key == null) {
                    continue;
                }
                boolean relevant = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    relevant |= isRelevant(key, event);
                }
                if (!key.reset()) {
                    relevant = true; // the watched directory is gone
                    forget(key);
                }
                if (relevant) {
                    onChange.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // closed: normal end
        }
    }

    private boolean isRelevant(WatchKey key, WatchEvent<?> event) {
        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            return true;
        }
        String name = String.valueOf(event.context());
        if (key == directoryKey) {
            return FILES.contains(name);
        }
        if (key == parentKey && name.equals(String.valueOf(directory.getFileName()))) {
            // The directory was created, deleted or renamed over: watch the new one.
            dropDirectoryKey();
            return true;
        }
        return false;
    }

    private void forget(WatchKey key) {
        if (key == directoryKey) {
            directoryKey = null;
            watchingDirectory = false;
        } else if (key == parentKey) {
            parentKey = null;
        }
    }

    private void dropDirectoryKey() {
        if (directoryKey != null) {
            directoryKey.cancel();
            directoryKey = null;
            watchingDirectory = false;
        }
    }

    private void ensureWatching() {
        Path parent = directory.getParent();
        if (parentKey == null && parent != null && Files.isDirectory(parent)) {
            try {
                parentKey = parent.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE);
            } catch (IOException e) {
                LOG.debug("cannot watch {} yet: {}", parent, e.toString());
            }
        }
        if (directoryKey == null && Files.isDirectory(directory)) {
            try {
                directoryKey = directory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
                watchingDirectory = true;
                LOG.info("watching role directory {}", directory);
                // Files may have been written before the watch existed.
                onChange.run();
            } catch (IOException e) {
                LOG.debug("cannot watch {} yet: {}", directory, e.toString());
            }
        }
    }

    @Override
    public void close() {
        if (!state.closeStarted()) {
            return;
        }
        try {
            service.close();
        } catch (IOException e) {
            LOG.warn("closing the watch service failed: {}", e.toString());
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
