package org.mysqldiscovery.sandbox.zookeeper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** ZooKeeper's four-letter-word commands ({@code ruok}, {@code srvr}, {@code mntr}, {@code cons}...) over TCP. */
public final class FourLetterWords {

    private static final int MAX_ANSWER_BYTES = 1 << 20;

    private FourLetterWords() {
    }

    /**
     * Sends {@code command} and returns the whole answer, or empty when the server does not
     * answer within {@code timeout} (down, starting, refusing).
     */
    public static Optional<String> send(String host, int port, String command, Duration timeout) {
        if (command == null || command.length() != 4) {
            throw new IllegalArgumentException("a four-letter word has four letters: '" + command + "'");
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            socket.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                answer.write(buffer, 0, n);
                if (answer.size() > MAX_ANSWER_BYTES) {
                    break;
                }
            }
            return Optional.of(answer.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The server's mode from {@code srvr}; {@link ServerMode#NOT_SERVING} when it does not answer. */
    public static ServerMode mode(String host, int port, Duration timeout) {
        return send(host, port, "srvr", timeout).map(ServerMode::fromSrvr).orElse(ServerMode.NOT_SERVING);
    }

    /** True when the server answers {@code ruok} with {@code imok} (running, maybe without quorum). */
    public static boolean ruok(String host, int port, Duration timeout) {
        return send(host, port, "ruok", timeout).map(a -> a.trim().equals("imok")).orElse(false);
    }
}
