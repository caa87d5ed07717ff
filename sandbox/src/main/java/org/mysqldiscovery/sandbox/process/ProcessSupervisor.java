package org.mysqldiscovery.sandbox.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every OS process of one sandbox. It records every PID it ever started (so that tests can
 * assert none survives), keeps a pid list file in the sandbox directory, and registers a JVM
 * shutdown hook so that Ctrl-C, SIGTERM or a failing test still ends every child.
 *
 * <p>The pid file ({@value #PID_FILE}) starts with {@code owner <jvm pid>} and has one
 * {@code <pid> <name>} line per live child; {@link #reapOrphans(Path, String)} uses it to end the
 * children of a sandbox whose JVM died by SIGKILL (where no shutdown hook runs).
 */
public final class ProcessSupervisor implements AutoCloseable {

    public static final String PID_FILE = "pids";
    private static final Logger log = LoggerFactory.getLogger(ProcessSupervisor.class);
    private static final Duration EMERGENCY_GRACE = Duration.ofSeconds(3);

    private final Path dir;
    private final List<ChildProcess> children = new ArrayList<>();
    private final Set<Long> everStarted = new LinkedHashSet<>();
    private final Thread shutdownHook;
    private final java.util.concurrent.CountDownLatch closeDone = new java.util.concurrent.CountDownLatch(1);
    private boolean closed;
    private boolean closing;

    /** @param dir the sandbox directory: holds the pid file; must exist */
    public ProcessSupervisor(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("supervisor directory does not exist: " + dir);
        }
        this.shutdownHook = new Thread(this::emergencyStop, "sandbox-shutdown-" + dir.getFileName());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        writePidFile();
    }

    public Path directory() {
        return dir;
    }

    /** Registers a process without starting it. */
    public synchronized ChildProcess register(ProcessSpec spec) {
        if (closed) {
            throw new IllegalStateException("supervisor of " + dir + " is closed");
        }
        ChildProcess child = new ChildProcess(spec, this::launched);
        children.add(child);
        return child;
    }

    /** Registers and starts a process. */
    public ChildProcess launch(ProcessSpec spec) {
        ChildProcess child = register(spec);
        child.start();
        return child;
    }

    public synchronized List<ChildProcess> children() {
        return List.copyOf(children);
    }

    /** Every PID this supervisor ever started, in order, including those that have ended. */
    public synchronized Set<Long> pidsEverStarted() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(everStarted));
    }

    /** The pid list file in the sandbox directory. */
    public Path pidFile() {
        return dir.resolve(PID_FILE);
    }

    /**
     * Announces that the owner is shutting its processes down in order (then calls {@link #close()}):
     * a shutdown hook that runs meanwhile waits for that instead of killing everything at once.
     */
    public synchronized void beginGracefulClose() {
        closing = true;
    }

    /**
     * Stops every child (SIGTERM in parallel, then SIGKILL after each one's grace period),
     * newest first, and removes the shutdown hook. Idempotent.
     */
    @Override
    public void close() {
        List<ChildProcess> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
            toStop = new ArrayList<>(children);
        }
        Collections.reverse(toStop);
        try {
            Parallel.forEach(toStop, ProcessSupervisor::stopQuietly);
        } finally {
            closeDone.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs (or ran) anyway.
            log.debug("shutdown in progress, hook stays", e);
        }
        writePidFile();
    }

    private static void stopQuietly(ChildProcess child) {
        try {
            child.stop();
        } catch (RuntimeException e) {
            log.warn("stopping {} failed: {}; killing it", child.name(), e.toString());
            child.kill9();
        }
    }

    /** Shutdown hook: no graceful waits per process, one short grace for all, then SIGKILL. */
    private void emergencyStop() {
        List<ChildProcess> all;
        boolean graceful;
        synchronized (this) {
            all = new ArrayList<>(children);
            graceful = closing;
        }
        if (graceful) {
            // Another shutdown hook (a program's Main) is closing the sandbox gracefully: let it.
            try {
                closeDone.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ProcessHandle> handles = new ArrayList<>();
        for (ChildProcess child : all) {
            long pid = child.pid();
            if (pid > 0) {
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(h -> {
                    h.descendants().forEach(handles::add);
                    handles.add(h);
                });
            }
        }
        if (handles.isEmpty()) {
            return;
        }
        System.err.println("sandbox: JVM exiting, stopping " + handles.size() + " child process(es) of " + dir);
        handles.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + EMERGENCY_GRACE.toNanos();
        for (ProcessHandle h : handles) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    // Timed out or interrupted: SIGKILL below.
                }
            }
        }
        handles.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void launched(ChildProcess child) {
        synchronized (this) {
            everStarted.add(child.pid());
        }
        writePidFile();
        ProcessHandle.of(child.pid()).ifPresent(h -> h.onExit().thenRun(this::writePidFileUnlessClosed));
    }

    /** After close, the directory may be on its way out: close() wrote the final list already. */
    private synchronized void writePidFileUnlessClosed() {
        if (!closed) {
            writePidFile();
        }
    }

    private synchronized void writePidFile() {
        StringBuilder text = new StringBuilder("owner ").append(ProcessHandle.current().pid()).append('\n');
        for (ChildProcess child : children) {
            if (child.isAlive()) {
                text.append(child.pid()).append(' ').append(child.name()).append('\n');
            }
        }
        Path target = pidFile();
        Path tmp = dir.resolve(PID_FILE + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // The directory may be gone already (deleted after close): the list is a convenience.
            log.debug("cannot write {}: {}", target, e.toString());
        }
    }

    /**
     * Ends the children of earlier sandboxes whose JVM died without running its shutdown hook
     * (SIGKILL, OOM killer). Looks at {@code parent/<prefix>*}/{@value #PID_FILE}; acts only when
     * the owner JVM is gone, and kills a listed PID only if its command line still names that
     * sandbox directory (so a recycled PID is never touched).
     *
     * @return the PIDs it killed
     */
    public static List<Long> reapOrphans(Path parent, String prefix) {
        List<Long> killed = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return killed;
        }
        try (var dirs = Files.newDirectoryStream(parent, prefix + "*")) {
            for (Path sandboxDir : dirs) {
                Path pids = sandboxDir.resolve(PID_FILE);
                if (Files.isRegularFile(pids)) {
                    killed.addAll(reapOne(sandboxDir, pids));
                }
            }
        } catch (IOException e) {
            log.warn("cannot scan {} for orphaned sandboxes: {}", parent, e.toString());
        }
        return killed;
    }

    private static List<Long> reapOne(Path sandboxDir, Path pids) {
        List<Long> killed = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(pids, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return killed;
        }
        PidList list = PidList.parse(lines);
        if (list.owner() <= 0 || ProcessHandle.of(list.owner()).map(ProcessHandle::isAlive).orElse(false)) {
            return killed;
        }
        String marker = sandboxDir.toAbsolutePath().toString();
        for (long pid : list.pids()) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(h -> {
                boolean ours = h.info().commandLine().map(c -> c.contains(marker)).orElse(false);
                if (ours) {
                    List<ProcessHandle> descendants = h.descendants().toList();
                    log.warn("killing orphan pid {} (and {} descendant(s)) of dead sandbox {}", pid, descendants.size(), sandboxDir);
                    h.destroyForcibly();
                    killed.add(pid);
                    for (ProcessHandle d : descendants) {
                        if (d.destroyForcibly()) {
                            killed.add(d.pid());
                        }
                    }
                }
            });
        }
        return killed;
    }

    /**
     * True when {@code sandboxDir} has a pid file whose owner JVM is gone: a sandbox nobody
     * will clean up any more. False when there is no pid file or it cannot be read.
     */
    public static boolean ownerIsDead(Path sandboxDir) {
        try {
            PidList list = PidList.parse(Files.readAllLines(sandboxDir.resolve(PID_FILE), StandardCharsets.UTF_8));
            return list.owner() > 0 && !ProcessHandle.of(list.owner()).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The parsed pid file: owner JVM and child PIDs; malformed lines are skipped. */
    record PidList(long owner, List<Long> pids) {
        static PidList parse(List<String> lines) {
            long owner = -1;
            List<Long> pids = new ArrayList<>();
            for (String line : lines) {
                String[] parts = line.trim().split("\\s+", 2);
                try {
                    if (parts.length == 2 && parts[0].equals("owner")) {
                        owner = Long.parseLong(parts[1].trim());
                    } else if (parts.length >= 1 && !parts[0].isEmpty()) {
                        long pid = Long.parseLong(parts[0]);
                        if (pid > 1) {
                            pids.add(pid);
                        }
                    }
                } catch (NumberFormatException e) {
                    // A torn or hand-edited file: ignore the line, never act on a guess.
                }
            }
            return new PidList(owner, List.copyOf(pids));
        }
    }
}
