package org.mysqldiscovery.common.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * File system calls that cannot hang their caller: every call runs on a small pool of daemon threads and the caller
 * waits at most a bound. Small files are read only when they are regular files (a symbolic link to one is fine): a
 * FIFO, a device such as {@code /dev/zero}, a socket or a directory is refused by its attributes, before any
 * {@code open()}, and never more than {@code maxBytes + 1} bytes are read.
 *
 * <p>Java cannot open a file with {@code O_NONBLOCK}, so a FIFO that replaces the file between the attribute check
 * and the {@code open()}, or a hung file system, can still block a pool thread: the caller is answered at its bound
 * anyway, at most {@value #MAX_BLOCKED_PER_FILE} calls per file may be blocked at once (later ones are refused at
 * once, naming the earlier one), and at most {@value #MAX_THREADS} threads exist in all. A blocked thread is a daemon:
 * it never keeps the process from exiting.
 */
public final class BoundedFileIo {
    static final int MAX_THREADS = 16;
    static final int MAX_BLOCKED_PER_FILE = 2;

    private static final ThreadPoolExecutor POOL = pool();
    private static final Map<Path, AtomicInteger> IN_FLIGHT = new ConcurrentHashMap<>();
    private static final AtomicLong TIMEOUTS = new AtomicLong();

    private BoundedFileIo() {
    }

    /** One file system action, run on a pool thread. */
    @FunctionalInterface
    public interface Action<T> {
        T run() throws IOException, FileIoException;
    }

    /**
     * Reads a small regular file whole.
     *
     * @param maxBytes the largest acceptable size; a larger file is refused without being read
     * @param timeout  how long the caller waits at most
     */
    public static byte[] readSmallFile(Path file, int maxBytes, Duration timeout) throws FileIoException {
        return call(file, timeout, () -> readRegular(file, maxBytes));
    }

    /** Runs {@code action} (which touches {@code file}) on a pool thread and waits at most {@code timeout}. */
    public static <T> T call(Path file, Duration timeout, Action<T> action) throws FileIoException {
        Path key = file.toAbsolutePath().normalize();
        AtomicInteger inFlight = IN_FLIGHT.computeIfAbsent(key, k -> new AtomicInteger());
        if (inFlight.incrementAndGet() > MAX_BLOCKED_PER_FILE) {
            release(key, inFlight);
            throw new FileIoException(FileIoException.Kind.BLOCKED, file + ": earlier access is still blocked "
                    + "(a FIFO or a hung file system?); not trying again until it returns");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Call call = new Call();
        Runnable task = () -> {
            call.started(Thread.currentThread());
            T value = null;
            Exception failure = null;
            try {
                value = action.run();
            } catch (IOException | FileIoException | RuntimeException e) {
                failure = e;
            } finally {
                call.finished();
                // Always, and before the caller hears back (a quick next call must not count this one as blocked);
                // also when the caller gave up before this ran: a lost release would refuse the file for good.
                release(key, inFlight);
            }
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        };
        try {
            POOL.execute(task);
        } catch (RejectedExecutionException e) {
            release(key, inFlight);
            throw new FileIoException(FileIoException.Kind.BLOCKED, file + ": " + MAX_THREADS
                    + " file system calls are blocked already (a hung file system?)");
        }
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Interrupts a read (closing its channel); an open() on a FIFO does not notice, and stays counted.
            call.interrupt();
            TIMEOUTS.incrementAndGet();
            throw new FileIoException(FileIoException.Kind.TIMEOUT, file + ": no answer within " + timeout.toMillis()
                    + " ms (a FIFO, a hung file system or a dying disk?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FileIoException(FileIoException.Kind.TIMEOUT, file + ": interrupted while waiting");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FileIoException known) {
                throw new FileIoException(known.kind(), known.getMessage(), known);
            }
            if (cause instanceof NoSuchFileException) {
                throw new FileIoException(FileIoException.Kind.MISSING, file + ": does not exist", cause);
            }
            throw new FileIoException(FileIoException.Kind.IO, file + ": cannot read: " + cause, cause);
        }
    }

    /** The pool thread running one call, so that a caller that gave up interrupts that call and no later one. */
    private static final class Call {
        private Thread runner;
        private boolean finished;

        synchronized void started(Thread thread) {
            runner = thread;
        }

        synchronized void finished() {
            finished = true;
            runner = null;
            Thread.interrupted(); // an interrupt meant for this call must not reach the thread's next one
        }

        synchronized void interrupt() {
            if (!finished && runner != null) {
                runner.interrupt();
            }
        }
    }

    /** How many calls answered with a timeout since the start (a metric). */
    public static long timeouts() {
        return TIMEOUTS.get();
    }

    /** Calls running now, blocked or not (a metric, and the tests' view of leaked threads). */
    public static int running() {
        return POOL.getActiveCount();
    }

    private static void release(Path key, AtomicInteger inFlight) {
        if (inFlight.decrementAndGet() <= 0) {
            IN_FLIGHT.remove(key, inFlight);
        }
    }

    /** Runs on a pool thread: attributes first (a FIFO or device is never opened), then at most maxBytes + 1. */
    private static byte[] readRegular(Path file, int maxBytes) throws IOException, FileIoException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.isDirectory()) {
            throw new FileIoException(FileIoException.Kind.NOT_REGULAR, file + ": is a directory, not a file");
        }
        if (!attributes.isRegularFile()) {
            throw new FileIoException(FileIoException.Kind.NOT_REGULAR, file
                    + ": is not a regular file (a FIFO, a device or a socket); refused without reading it");
        }
        if (attributes.size() > maxBytes) {
            throw new FileIoException(FileIoException.Kind.TOO_LARGE, file + ": " + attributes.size()
                    + " bytes is too large (at most " + maxBytes + " bytes allowed); refused without reading it");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(maxBytes + 1);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // until end of file or one byte past the limit (the file may have grown since the check)
            }
            if (buffer.position() > maxBytes) {
                throw new FileIoException(FileIoException.Kind.TOO_LARGE, file + ": too large (at most " + maxBytes
                        + " bytes allowed)");
            }
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return bytes;
        }
    }

    private static ThreadPoolExecutor pool() {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "file-io-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
