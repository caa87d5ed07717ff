package org.mysqldiscovery.role.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads a request body with Servlet non-blocking input (the request must be async already): no thread waits for a
 * slow client. The future completes with the body, or fails with {@link BodyReader.TooLargeException} past
 * {@code limit} bytes (at most {@code limit + 1} are ever held), or with {@link DeadlineException} when the body has
 * not arrived whole within the deadline.
 */
public final class AsyncBody implements ReadListener {
    /** The body did not arrive within its deadline (answered 408). */
    public static final class DeadlineException extends Exception {
        private static final long serialVersionUID = 1L;

        public DeadlineException(String message) {
            super(message);
        }
    }

    private final ServletInputStream in;
    private final int limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private byte[] buffer = new byte[1024];
    private int size;

    private AsyncBody(ServletInputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    public static CompletableFuture<byte[]> read(HttpServletRequest request, int limit, long deadlineMillis,
            ScheduledExecutorService timers) {
        AsyncBody body;
        try {
            body = new AsyncBody(request.getInputStream(), limit);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        ScheduledFuture<?> deadline = timers.schedule(() -> body.result.completeExceptionally(
                new DeadlineException("the body did not arrive within " + deadlineMillis + " ms (received "
                        + body.received() + " bytes)")), deadlineMillis, TimeUnit.MILLISECONDS);
        body.result.whenComplete((bytes, failure) -> deadline.cancel(false));
        try {
            body.in.setReadListener(body);
        } catch (RuntimeException e) {
            body.result.completeExceptionally(e);
        }
        return body.result;
    }

    private synchronized int received() {
        return size;
    }

    @Override
    public void onDataAvailable() throws IOException {
        synchronized (this) {
            while (!result.isDone() && in.isReady()) {
                if (size == buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.min(limit + 1, buffer.length * 2));
                }
                int n = in.read(buffer, size, buffer.length - size);
                if (n < 0) {
                    return; // onAllDataRead follows
                }
                size += n;
                if (size > limit) {
                    result.completeExceptionally(new BodyReader.TooLargeException("body exceeds " + limit
                            + " bytes"));
                    return;
                }
            }
        }
    }

    @Override
    public void onAllDataRead() {
        byte[] bytes;
        synchronized (this) {
            bytes = Arrays.copyOf(buffer, size);
        }
        result.complete(bytes);
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(failure);
    }
}
