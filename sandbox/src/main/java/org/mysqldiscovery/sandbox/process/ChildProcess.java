package org.mysqldiscovery.sandbox.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.io.RandomAccessFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OS process of the sandbox (a mysqld, a ZooKeeper server, an agent). It can be started
 * again after it stopped or died; every start gets a new PID, which the supervisor records.
 *
 * <p>Thread-safe: state changes are serialized on this object.
 */
public final class ChildProcess implements AutoCloseable {

    /** Lifecycle as the sandbox sees it. */
    public enum State {
        /** Never started. */
        NEW,
        /** Started and alive. */
        RUNNING,
        /** Stopped or killed on purpose by the sandbox. */
        STOPPED,
        /** Died on its own (crash, bad config): the log file says why. */
        EXITED
    }

    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

    private final ProcessSpec spec;
    private final Consumer<ChildProcess> onLaunch;
    // Volatile so that observers (pid, isAlive, state) never take this object's lock: the
    // supervisor reads them while holding its own lock, and start() calls the supervisor.
    private volatile Process process;
    private volatile boolean stoppedOnPurpose;
    private volatile Instant startedAt;

    ChildProcess(ProcessSpec spec, Consumer<ChildProcess> onLaunch) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.onLaunch = Objects.requireNonNull(onLaunch, "onLaunch");
    }

    public ProcessSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    /** Starts the process; a no-op when it is already alive. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
            Files.writeString(spec.logFile(), "---- " + Instant.now() + " starting: " + String.join(" ", spec.command()) + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(spec.command())
                    .directory(spec.workDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(spec.environment());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start process " + spec.name() + " (" + spec.command().get(0) + ")", e);
        }
        stoppedOnPurpose = false;
        startedAt = Instant.now();
        log.debug("started {} pid {}", spec.name(), process.pid());
        onLaunch.accept(this);
    }


    /**
     * SIGTERM, wait up to the spec's stop timeout, then SIGKILL; the process's descendants too.
     * Idempotent: stopping a stopped process does nothing.
     */
    public synchronized void stop() {
        stop(spec.stopTimeout());
    }

    /** As {@link #stop()} with an explicit grace period. */
    public synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        stoppedOnPurpose = true;
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = descendants();
        process.toHandle().destroy();
        descendants.forEach(ProcessHandle::destroy);
        if (!waitForExit(grace)) {
            log.warn("{} (pid {}) did not stop within {} ms after SIGTERM: sending SIGKILL", spec.name(), process.pid(), grace.toMillis());
            process.toHandle().destroyForcibly();
            waitForExit(Duration.ofSeconds(10));
        }
        killAll(descendants);
    }

    /** SIGKILL at once, with every descendant: a crash as the outside world sees it. */
    public synchronized void kill9() {
        if (process == null) {
            return;
        }
        stoppedOnPurpose = true;
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = descendants();
        process.toHandle().destroyForcibly();
        killAll(descendants);
        waitForExit(Duration.ofSeconds(10));
    }

    /** Stops (gracefully) and starts again: a new PID. */
    public synchronized void restart() {
        stop();
        start();
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** PID of the current or last run, or -1 if never started. */
    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    public State state() {
        Process p = process;
        if (p == null) {
            return State.NEW;
        }
        if (p.isAlive()) {
            return State.RUNNING;
        }
        return stoppedOnPurpose ? State.STOPPED : State.EXITED;
    }

    /** Exit code of the last run, empty while it runs or before the first start. */
    public OptionalInt exitCode() {
        Process p = process;
        if (p == null || p.isAlive()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(p.exitValue());
    }

    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }

    /** The last lines of the log file (for error messages); empty when there is none. */
    public String logTail(int maxLines) {
        return tail(spec.logFile(), maxLines);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return spec.name() + "[pid " + pid() + ", " + state() + "]";
    }

    /** The last {@code maxLines} lines of a text file, reading at most its last 64 KiB. */
    public static String tail(java.nio.file.Path file, int maxLines) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(0, length - 64 * 1024);
            byte[] bytes = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            int end = lines.length;
            if (end > 0 && lines[end - 1].isEmpty()) {
                end--;
            }
            int start = Math.max(0, end - maxLines);
            return String.join("\n", java.util.Arrays.asList(lines).subList(start, end));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private List<ProcessHandle> descendants() {
        List<ProcessHandle> result = new ArrayList<>();
        process.toHandle().descendants().forEach(result::add);
        return result;
    }

    private static void killAll(List<ProcessHandle> handles) {
        for (ProcessHandle h : handles) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for " + spec.name() + " to exit", e.getCause());
        }
    }
}
