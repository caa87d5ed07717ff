package org.mysqldiscovery.sandbox.zookeeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mysqldiscovery.sandbox.process.ChildProcess;
import org.mysqldiscovery.sandbox.process.ProcessSpec;
import org.mysqldiscovery.sandbox.process.ProcessSupervisor;

/**
 * One real ZooKeeper server: a separate JVM running {@code QuorumPeerMain} with this JVM's
 * class path (which holds ZooKeeper both under Maven and inside the shaded sandbox.jar).
 */
public final class ZooKeeperMember {

    static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    private final int index;
    private final ZooKeeperConfig config;
    private final Path dir;
    private final ChildProcess process;

    ZooKeeperMember(int index, ZooKeeperConfig config, Path dir, Path logbackConfig, int heapMb, ProcessSupervisor supervisor) {
        this.index = index;
        this.config = config;
        this.dir = dir;
        Path cfgFile = dir.resolve("zoo" + config.myid() + ".cfg");
        try {
            Files.createDirectories(config.dataDir());
            Files.writeString(config.dataDir().resolve("myid"), config.myid() + "\n", StandardCharsets.US_ASCII);
            Files.writeString(cfgFile, config.render(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration of zookeeper " + config.myid() + " in " + dir, e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heapMb + "m");
        // Small, quick-starting JVM: these are test servers on a shared 2-core machine.
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xss512k");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-Dzookeeper.admin.enableServer=false");
        command.add("-Dzookeeper.4lw.commands.whitelist=*");
        command.add("-Dzookeeper.jmx.log4j.disable=true");
        // Re-elect within a second after members come back instead of backing off up to 60 s.
        command.add("-Dzookeeper.fastleader.minNotificationInterval=100");
        command.add("-Dzookeeper.fastleader.maxNotificationInterval=1000");
        command.add("-Dlogback.configurationFile=" + logbackConfig.toAbsolutePath());
        command.add("-cp");
        command.add(absoluteClassPath());
        command.add("org.apache.zookeeper.server.quorum.QuorumPeerMain");
        command.add(cfgFile.toAbsolutePath().toString());
        ProcessSpec spec = ProcessSpec.of("zookeeper-" + config.myid(), command, dir, dir.resolve("zookeeper.log"))
                .withStopTimeout(Duration.ofSeconds(5));
        this.process = supervisor.register(spec);
    }

    /** 0-based position in the ensemble. */
    public int index() {
        return index;
    }

    /** ZooKeeper's 1-based server id. */
    public int myid() {
        return config.myid();
    }

    public int clientPort() {
        return config.self().clientPort();
    }

    public String connectString() {
        return "127.0.0.1:" + clientPort();
    }

    public Path directory() {
        return dir;
    }

    public Path logFile() {
        return process.spec().logFile();
    }

    public ChildProcess process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Asks the server ({@code srvr}); {@link ServerMode#NOT_SERVING} when down or without quorum. */
    public ServerMode mode() {
        if (!process.isAlive()) {
            return ServerMode.NOT_SERVING;
        }
        return FourLetterWords.mode("127.0.0.1", clientPort(), PROBE_TIMEOUT);
    }

    /** True when the server process answers {@code ruok} (it may still lack a quorum). */
    public boolean answersRuok() {
        return process.isAlive() && FourLetterWords.ruok("127.0.0.1", clientPort(), PROBE_TIMEOUT);
    }

    void start() {
        process.start();
    }

    void stop() {
        process.stop();
    }

    void kill9() {
        process.kill9();
    }

    @Override
    public String toString() {
        return "zookeeper-" + myid() + "@" + connectString();
    }

    /** The JVM's class path with absolute entries: the member runs in its own directory. */
    static String absoluteClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> java.nio.file.Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }
}
