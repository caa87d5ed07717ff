package org.mysqldiscovery.sandbox.zookeeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.mysqldiscovery.sandbox.process.ChildProcess;
import org.mysqldiscovery.sandbox.process.LoopbackPorts;
import org.mysqldiscovery.sandbox.process.Parallel;
import org.mysqldiscovery.sandbox.process.ProcessSupervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ZooKeeper (one server or an ensemble) as separate processes on loopback. Ports are
 * chosen once, so the connect string stays the same across stops and starts of members.
 *
 * <p>Members are addressed by 0-based index; {@link ZooKeeperMember#myid()} is index + 1.
 */
public final class ZooKeeperEnsemble implements AutoCloseable {

    /** Lifecycle of the ensemble as a whole. */
    public enum State { NEW, RUNNING, CLOSED }

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperEnsemble.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private final ZooKeeperSettings settings;
    private final List<ZooKeeperMember> members;
    private State state = State.NEW;
    private Duration startupTime;

    /**
     * Prepares (does not start) the servers: ports, {@code zooN.cfg}, {@code myid}.
     *
     * @param dir        directory for configs, data and logs (created if missing)
     * @param supervisor owns the server processes
     */
    public ZooKeeperEnsemble(ZooKeeperSettings settings, Path dir, ProcessSupervisor supervisor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(supervisor, "supervisor");
        List<ZooKeeperConfig.Peer> peers = new ArrayList<>();
        for (int i = 0; i < settings.nodes(); i++) {
            peers.add(new ZooKeeperConfig.Peer(LoopbackPorts.next(), LoopbackPorts.next(), LoopbackPorts.next()));
        }
        Path logback = dir.resolve("logback-zookeeper.xml");
        try {
            Files.createDirectories(dir);
            Files.writeString(logback, LOGBACK.replace("@LEVEL@", settings.serverLogLevel()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare zookeeper directory " + dir, e);
        }
        List<ZooKeeperMember> list = new ArrayList<>();
        for (int i = 0; i < settings.nodes(); i++) {
            Path memberDir = dir.resolve("zk" + (i + 1));
            ZooKeeperConfig cfg = new ZooKeeperConfig(i + 1, peers, memberDir.resolve("data"), settings.tickTimeMillis());
            list.add(new ZooKeeperMember(i, cfg, memberDir, logback, settings.heapMb(), supervisor));
        }
        this.members = List.copyOf(list);
    }

    public ZooKeeperSettings settings() {
        return settings;
    }

    public synchronized State state() {
        return state;
    }

    /** Starts every member and waits until the ensemble serves (one leader, all members in). */
    public synchronized void start() {
        if (state == State.CLOSED) {
            throw new IllegalStateException("zookeeper ensemble is closed");
        }
        if (state == State.RUNNING) {
            return;
        }
        long t0 = System.nanoTime();
        members.forEach(ZooKeeperMember::start);
        awaitServing(members, settings.startTimeout());
        state = State.RUNNING;
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        log.info("zookeeper {} ({} node{}, tick {} ms) serving after {} ms", connectString(), members.size(),
                members.size() == 1 ? "" : "s", settings.tickTimeMillis(), startupTime.toMillis());
    }

    /** How long {@link #start()} took (processes launched until serving with a leader). */
    public synchronized Optional<Duration> startupTime() {
        return Optional.ofNullable(startupTime);
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,...}, stable for the ensemble's life. */
    public String connectString() {
        return members.stream().map(ZooKeeperMember::connectString).collect(Collectors.joining(","));
    }

    public int size() {
        return members.size();
    }

    public ZooKeeperMember member(int index) {
        checkIndex(index);
        return members.get(index);
    }

    public List<ZooKeeperMember> members() {
        return members;
    }

    /** The index of the member that says it leads (or the standalone server), if any. */
    public Optional<Integer> leaderIndex() {
        for (ZooKeeperMember m : members) {
            ServerMode mode = m.mode();
            if (mode == ServerMode.LEADER || mode == ServerMode.STANDALONE) {
                return Optional.of(m.index());
            }
        }
        return Optional.empty();
    }

    /** Graceful stop (SIGTERM) of one member; returns when its process has ended. */
    public void stop(int index) {
        member(index).stop();
    }

    /** SIGKILL of one member. */
    public void kill9(int index) {
        member(index).kill9();
    }

    /**
     * Starts one member again. If enough members run for a quorum, waits until this one serves;
     * otherwise only until its process answers {@code ruok}.
     */
    public void start(int index) {
        ZooKeeperMember m = member(index);
        m.start();
        long running = members.stream().filter(ZooKeeperMember::isRunning).count();
        if (running > members.size() / 2) {
            awaitServing(List.of(m), settings.startTimeout());
        } else {
            awaitCondition(List.of(m), settings.startTimeout(), ZooKeeperMember::answersRuok, "answer ruok");
        }
    }

    /** Stops every member (in parallel). */
    public void stopAll() {
        Parallel.forEach(members, ZooKeeperMember::stop);
    }

    /** Starts every stopped member and waits until the ensemble serves again. */
    public void startAll() {
        members.forEach(ZooKeeperMember::start);
        awaitServing(members, settings.startTimeout());
    }

    /** Waits until every running member serves and (ensemble) one of them leads. */
    public void awaitQuorum(Duration timeout) {
        awaitServing(members.stream().filter(ZooKeeperMember::isRunning).toList(), timeout);
    }

    /**
     * Expires a client's session on the server, at once: opens a second handle with the same id
     * and password and closes it, so the server ends the session and deletes its ephemeral nodes
     * (Curator's {@code KillSession} only acts on the client side). The owner of the session sees
     * {@code Expired} when it next talks to the server.
     *
     * @return false when the server did not know the session any more (already expired)
     */
    public boolean expireSession(long sessionId, byte[] password) {
        Objects.requireNonNull(password, "password");
        CountDownLatch decided = new CountDownLatch(1);
        AtomicReference<Watcher.Event.KeeperState> outcome = new AtomicReference<>();
        Watcher watcher = event -> {
            Watcher.Event.KeeperState ks = event.getState();
            if (ks == Watcher.Event.KeeperState.SyncConnected || ks == Watcher.Event.KeeperState.Expired) {
                outcome.compareAndSet(null, ks);
                decided.countDown();
            }
        };
        ZooKeeper zk = null;
        try {
            zk = new ZooKeeper(connectString(), Math.max(settings.minSessionTimeoutMillis(), 2_000), watcher, sessionId, password);
            if (!decided.await(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("could not connect to zookeeper " + connectString()
                        + " to expire session 0x" + Long.toHexString(sessionId));
            }
            boolean expired = outcome.get() == Watcher.Event.KeeperState.SyncConnected;
            log.info("expired zookeeper session 0x{} on the server{}", Long.toHexString(sessionId), expired ? "" : " (it was gone already)");
            return expired;
        } catch (IOException e) {
            throw new UncheckedIOException("connecting to zookeeper " + connectString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while expiring session 0x" + Long.toHexString(sessionId), e);
        } finally {
            if (zk != null) {
                try {
                    zk.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Stops every member. Idempotent. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        stopAll();
    }

    @Override
    public String toString() {
        return "zookeeper " + connectString();
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= members.size()) {
            throw new IndexOutOfBoundsException("zookeeper member index " + index + " outside 0.." + (members.size() - 1));
        }
    }

    private void awaitServing(List<ZooKeeperMember> which, Duration timeout) {
        awaitCondition(which, timeout, m -> m.mode().serving(), "serve");
        if (members.size() > 1) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (leaderIndex().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("zookeeper ensemble has no leader after " + timeout.toMillis() + " ms\n" + diagnostics());
                }
                pause();
            }
        }
    }

    private void awaitCondition(List<ZooKeeperMember> which, Duration timeout,
            java.util.function.Predicate<ZooKeeperMember> ready, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ZooKeeperMember m : which) {
            while (!ready.test(m)) {
                ChildProcess p = m.process();
                if (!p.isAlive()) {
                    throw new IllegalStateException(m + " exited (code " + p.exitCode().orElse(-1) + ") before it could "
                            + what + "; log " + m.logFile() + ":\n" + p.logTail(30));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(m + " did not " + what + " within " + timeout.toMillis() + " ms\n" + diagnostics());
                }
                pause();
            }
        }
    }

    /** One line per member: process state and mode, then the tail of each log. */
    public String diagnostics() {
        StringBuilder text = new StringBuilder();
        for (ZooKeeperMember m : members) {
            text.append(m).append(": ").append(m.process().state()).append(", ").append(m.mode()).append('\n');
        }
        for (ZooKeeperMember m : members) {
            text.append("---- ").append(m.logFile()).append('\n').append(m.process().logTail(15)).append('\n');
        }
        return text.toString();
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for zookeeper", e);
        }
    }

    private static final String LOGBACK = """
            <configuration>
              <!-- ZooKeeper servers of the sandbox: @LEVEL@ to stdout, which goes to zookeeper.log. -->
              <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n</pattern></encoder>
              </appender>
              <logger name="org.apache.zookeeper.server.quorum.QuorumCnxManager" level="WARN"/>
              <root level="@LEVEL@"><appender-ref ref="out"/></root>
            </configuration>
            """;
}
