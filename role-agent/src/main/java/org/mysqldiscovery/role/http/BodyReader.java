package org.mysqldiscovery.role.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a request body up to a limit without trusting Content-Length (a chunked body has none): at most
 * {@code limit + 1} bytes are ever read into memory.
 */
public final class BodyReader {
    private BodyReader() {
    }

    /** Signals a body over the limit (answered 413). */
    public static final class TooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        public TooLargeException(String message) {
            super(message);
        }
    }

    public static byte[] read(InputStream in, long declaredLength, int limit) throws IOException, TooLargeException {
        if (declaredLength > limit) {
            throw new TooLargeException("body of " + declaredLength + " bytes exceeds " + limit + " bytes");
        }
        byte[] buffer = new byte[Math.max(0, (int) Math.min(limit + 1L, declaredLength >= 0 ? declaredLength + 1
                : 1024))];
        int size = 0;
        while (true) {
            if (size == buffer.length) {
                if (buffer.length > limit) {
                    throw new TooLargeException("body exceeds " + limit + " bytes");
                }
                buffer = Arrays.copyOf(buffer, Math.min(limit + 1, Math.max(64, buffer.length * 2)));
            }
            int read = in.read(buffer, size, buffer.length - size);
            if (read < 0) {
                break;
            }
            size += read;
        }
        if (size > limit) {
            throw new TooLargeException("body exceeds " + limit + " bytes");
        }
        return Arrays.copyOf(buffer, size);
    }
}
