package org.mysqldiscovery.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.role.config.LimitsSettings;
import org.mysqldiscovery.role.testing.AgentFixture;
import org.mysqldiscovery.role.testing.Http;
import org.slf4j.LoggerFactory;

/**
 * Abuse of the role API from a live in-process agent with a real ZooKeeper: a flood of unauthenticated requests and
 * a crowd of slow authenticated bodies, each while legitimate PUTs are measured. The budget (p99 ≤ 100 ms for the
 * legitimate PUT, logs under 1 MB) is measured and printed; the assertions are ten times more generous (a loaded
 * CI machine). {@code -Dabuse.slowBodySeconds=30} runs the full 30 s slow-body case (CI: 5 s).
 */
class AbuseIT {
    private static final String SELF = "127.0.0.1:3306";
    private static final long ONE_MB = 1_000_000;

    private static TestingServer zookeeper;

    @TempDir
    Path dir;
    private RoleAgent agent;
    private final LogBytes logBytes = new LogBytes();

    @BeforeAll
    static void servers() throws Exception {
        zookeeper = new TestingServer();
    }

    @AfterAll
    static void stop() throws IOException {
        zookeeper.close();
    }

    @AfterEach
    void close() {
        logBytes.detach();
        if (agent != null) {
            agent.close();
        }
    }

    private AgentFixture fixture(LimitsSettings limits) {
        return new AgentFixture(dir).instance(SELF).zookeeper(zookeeper.getConnectString()).limits(limits);
    }

    @Test
    void a_flood_of_unauthenticated_requests_leaves_small_logs_and_legitimate_puts_fast() throws Exception {
        // Summary every second: the 10 s flood writes ten summary lines instead of 20,000 lines.
        AgentFixture fixture = fixture(new LimitsSettings(null, null, null, null, 1000, null, null));
        agent = fixture.start();
        logBytes.attach();
        Http legit = AgentFixture.client(agent, "127.0.0.1");
        URI uri = URI.create("http://127.0.0.1:" + agent.port() + "/v1/role");
        int total = 20_000;
        long floodMillis = 10_000;
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> flooders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            flooders.add(pool.submit(() -> {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                while (!stop.get()) {
                    int n = sent.incrementAndGet();
                    if (n > total) {
                        return null;
                    }
                    // Paced to total / floodMillis: at most as fast as the flood the issue describes.
                    long due = start + (long) n * floodMillis * 1_000_000 / total;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                            .PUT(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type",
                                    "application/json");
                    if (n % 2 == 0) {
                        request.header("Authorization", "Bearer wrong-token-" + n);
                    }
                    int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 429) {
                        limited.incrementAndGet();
                    } else {
                        assertThat(status).isEqualTo(401);
                    }
                }
                return null;
            }));
        }
        List<Long> latencies = new ArrayList<>();
        String[] roles = {"reporting-replica", "replica"};
        int i = 0;
        while (flooders.stream().anyMatch(f -> !f.isDone())) {
            long t0 = System.nanoTime();
            Http.Answer answer = legit.put("/v1/role", role(roles[i++ % 2]));
            latencies.add((System.nanoTime() - t0) / 1_000);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            TimeUnit.MILLISECONDS.sleep(20);
        }
        for (Future<?> f : flooders) {
            f.get();
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        pool.shutdown();
        agent.api().flushRefusals();
        long audit = auditBytes(fixture.auditLog());
        long p99 = percentile(latencies, 99);
        System.out.printf("flood: %d unauthenticated requests in %d ms (%d answered 429); audit log %d bytes, "
                + "program log ~%d bytes; legitimate PUT p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d PUTs%n",
                total, elapsed, limited.get(), audit, logBytes.bytes(), percentile(latencies, 50) / 1000.0,
                p99 / 1000.0, percentile(latencies, 100) / 1000.0, latencies.size());
        assertThat(audit).as("audit log bytes").isLessThan(ONE_MB);
        assertThat(logBytes.bytes()).as("program log bytes").isLessThan(ONE_MB);
        assertThat(limited.get()).as("requests answered 429").isPositive();
        assertThat(p99).as("legitimate PUT p99 in µs (budget 100 ms, asserted 10x)").isLessThan(1_000_000);
        assertThat(Files.readString(fixture.auditLog())).contains("\"summary\":\"refused requests\"");
    }

    @Test
    void slow_authenticated_bodies_do_not_hold_workers_and_get_408() throws Exception {
        long seconds = Long.getLong("abuse.slowBodySeconds", 5);
        AgentFixture fixture = fixture(LimitsSettings.defaults());
        agent = fixture.start();
        Http legit = AgentFixture.client(agent, "127.0.0.1");
        SlowClients slow = new SlowClients(agent.port(), 200);
        Thread crowd = new Thread(slow, "slow-clients");
        crowd.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> slow.open.get() >= 200);
            List<Long> latencies = new ArrayList<>();
            String[] roles = {"reporting-replica", "replica"};
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            int i = 0;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                Http.Answer answer = legit.put("/v1/role", role(roles[i++ % 2]));
                latencies.add((System.nanoTime() - t0) / 1_000);
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                TimeUnit.MILLISECONDS.sleep(20);
            }
            long p99 = percentile(latencies, 99);
            System.out.printf("slow bodies: 200 slow authenticated bodies for %d s (%d answered 408); legitimate PUT "
                    + "p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d PUTs%n", seconds, slow.timedOut.get(),
                    percentile(latencies, 50) / 1000.0, p99 / 1000.0, percentile(latencies, 100) / 1000.0,
                    latencies.size());
            assertThat(slow.timedOut.get()).as("slow bodies answered 408").isPositive();
            assertThat(p99).as("legitimate PUT p99 in µs (budget 100 ms, asserted 10x)").isLessThan(1_000_000);
        } finally {
            slow.stop.set(true);
            crowd.join(10_000);
        }
    }

    @Test
    void a_body_that_stops_arriving_is_answered_408_within_its_deadline() throws Exception {
        agent = fixture(new LimitsSettings(300, null, null, null, null, null, null)).start();
        try (Socket socket = new Socket("127.0.0.1", agent.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /v1/role HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + AgentFixture.TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{").getBytes(
                    StandardCharsets.US_ASCII));
            out.flush();
            long t0 = System.nanoTime();
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(answer).isEqualTo("HTTP/1.1 408");
            assertThat(millis).isLessThan(3_000 * 10);
        }
        assertThat(Files.readString(agent.auditLogPath())).contains("\"status\":408");
    }

    @Test
    void the_audit_log_stays_bounded_under_refusals_whatever_their_rate() throws Exception {
        // Every refusal in full (a large allowance), a tiny audit log: rotation alone bounds the disk.
        AgentFixture fixture = fixture(new LimitsSettings(null, 100_000, 100_000, 10_000, null, 4096L, 2));
        agent = fixture.start();
        Http anonymous = new Http("http://127.0.0.1:" + agent.port(), null);
        for (int i = 0; i < 300; i++) {
            assertThat(anonymous.get("/v1/role").status()).isEqualTo(401);
        }
        Path log = fixture.auditLog();
        assertThat(Files.size(log)).isLessThanOrEqualTo(4096);
        assertThat(log.resolveSibling("audit.log.1")).exists();
        assertThat(log.resolveSibling("audit.log.2")).exists();
        assertThat(log.resolveSibling("audit.log.3")).doesNotExist();
    }

    private static String role(String role) {
        return "{\"role\":\"" + role + "\",\"instance\":\"" + SELF + "\",\"reason\":\"abuse test\"}";
    }

    private static long auditBytes(Path log) throws IOException {
        try (Stream<Path> files = Files.list(log.getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith(log.getFileName().toString()))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long percentile(List<Long> values, int percentile) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /**
     * 200 connections that each send the headers of a PUT with a 100-byte body, then one byte every 200 ms;
     * answered (408) or closed, they reconnect at once. One thread drives them all.
     */
    private static final class SlowClients implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger open = new AtomicInteger();
        final AtomicLong timedOut = new AtomicLong();
        private final int port;
        private final Socket[] sockets;

        SlowClients(int port, int count) {
            this.port = port;
            this.sockets = new Socket[count];
        }

        @Override
        public void run() {
            byte[] headers = ("PUT /v1/role HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + AgentFixture.TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            while (!stop.get()) {
                for (int i = 0; i < sockets.length && !stop.get(); i++) {
                    try {
                        if (sockets[i] == null) {
                            sockets[i] = new Socket("127.0.0.1", port);
                            sockets[i].getOutputStream().write(headers);
                            open.incrementAndGet();
                        }
                        InputStream in = sockets[i].getInputStream();
                        if (in.available() > 0) {
                            byte[] answer = new byte[in.available()];
                            int n = in.read(answer);
                            if (new String(answer, 0, Math.max(0, n), StandardCharsets.US_ASCII).contains(" 408")) {
                                timedOut.incrementAndGet();
                            }
                            reset(i);
                            continue;
                        }
                        sockets[i].getOutputStream().write(' ');
                    } catch (IOException e) {
                        reset(i);
                    }
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
            for (int i = 0; i < sockets.length; i++) {
                reset(i);
            }
        }

        private void reset(int i) {
            if (sockets[i] != null) {
                try {
                    sockets[i].close();
                } catch (IOException ignored) {
                    // closing a socket the server already closed
                }
                sockets[i] = null;
            }
        }
    }

    /** Bytes the program would log: each event's message plus ~80 bytes of time, level, thread and logger. */
    private static final class LogBytes extends AppenderBase<ILoggingEvent> {
        private final AtomicLong bytes = new AtomicLong();

        void attach() {
            setName("bytes");
            start();
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(this);
        }

        void detach() {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this);
        }

        long bytes() {
            return bytes.get();
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getThreadName().startsWith("main") || event.getLoggerName().startsWith("org.apache.zookeeper")
                    || event.getLoggerName().startsWith("org.apache.curator")) {
                return; // the test itself and the embedded ZooKeeper server are not the agent's log
            }
            bytes.addAndGet(event.getFormattedMessage().length() + 80L
                    + (event.getThrowableProxy() == null ? 0 : 2000));
        }
    }
}
