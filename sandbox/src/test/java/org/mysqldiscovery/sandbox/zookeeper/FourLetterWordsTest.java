package org.mysqldiscovery.sandbox.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mysqldiscovery.sandbox.process.LoopbackPorts;

class FourLetterWordsTest {

    /** A one-shot server that records the command and answers with {@code answer}. */
    private static ServerSocket serve(byte[] answer, AtomicReference<String> received) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                received.set(new String(in.readNBytes(4), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                out.write(answer);
                out.flush();
            } catch (IOException e) {
                received.set("error: " + e);
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    @Test
    void the_command_is_sent_and_the_whole_answer_read() throws Exception {
        AtomicReference<String> received = new AtomicReference<>();
        try (ServerSocket server = serve("imok".getBytes(StandardCharsets.US_ASCII), received)) {
            assertThat(FourLetterWords.ruok("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(2))).isTrue();
            assertThat(received.get()).isEqualTo("ruok");
        }
    }

    @Test
    void an_oversized_answer_is_cut_instead_of_filling_the_heap() throws Exception {
        byte[] huge = new byte[3 << 20];
        java.util.Arrays.fill(huge, (byte) 'x');
        try (ServerSocket server = serve(huge, new AtomicReference<>())) {
            assertThat(FourLetterWords.send("127.0.0.1", server.getLocalPort(), "mntr", Duration.ofSeconds(5)))
                    .hasValueSatisfying(a -> assertThat(a.length()).isLessThan(huge.length));
        }
    }

    @Test
    void a_binary_answer_to_ruok_is_not_imok() throws Exception {
        try (ServerSocket server = serve(new byte[] {0, (byte) 0xff, 10}, new AtomicReference<>())) {
            assertThat(FourLetterWords.ruok("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(2))).isFalse();
        }
    }

    @Test
    void nothing_listening_means_no_answer() {
        int port = LoopbackPorts.next();
        assertThat(FourLetterWords.send("127.0.0.1", port, "srvr", Duration.ofMillis(300))).isEmpty();
        assertThat(FourLetterWords.mode("127.0.0.1", port, Duration.ofMillis(300))).isEqualTo(ServerMode.NOT_SERVING);
    }

    @Test
    void a_server_that_accepts_but_never_answers_times_out() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            assertThat(FourLetterWords.send("127.0.0.1", silent.getLocalPort(), "srvr", Duration.ofMillis(300))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"ruo", "ruokk", "ruok\n", "srvr; rm -rf /"})
    void a_command_must_have_four_letters(String command) {
        assertThatThrownBy(() -> FourLetterWords.send("127.0.0.1", 1, command, Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("four letters");
    }
}
