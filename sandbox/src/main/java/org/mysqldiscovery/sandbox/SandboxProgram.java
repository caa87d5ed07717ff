package org.mysqldiscovery.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.mysqldiscovery.sandbox.process.ChildProcess;

/** A program of the suite running as a child process of the sandbox (see {@link ProgramLauncher}). */
public final class SandboxProgram {

    private final ProgramSpec spec;
    private final Path configFile;
    private final ChildProcess process;

    SandboxProgram(ProgramSpec spec, Path configFile, ChildProcess process) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.configFile = Objects.requireNonNull(configFile, "configFile");
        this.process = Objects.requireNonNull(process, "process");
    }

    public ProgramSpec spec() {
        return spec;
    }

    public String id() {
        return spec.id();
    }

    public Path configFile() {
        return configFile;
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

    public boolean isAlive() {
        return process.isAlive();
    }

    public void start() {
        process.start();
    }

    /** SIGTERM (the programs shut down cleanly on it), SIGKILL after 10 s. */
    public void stop() {
        process.stop();
    }

    public void kill9() {
        process.kill9();
    }

    public void restart() {
        process.restart();
    }

    /**
     * Waits until its HTTP admin accepts connections (a program with none returns at once). Callers that talk to a
     * freshly (re)started agent need this: the process runs seconds before it listens.
     *
     * @throws IllegalStateException when the process dies or the deadline passes first (the log file is named)
     */
    public void awaitListening(Duration timeout) {
        if (spec.httpUrl().isEmpty()) {
            return;
        }
        URI url = URI.create(spec.httpUrl().get());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 500);
                return;
            } catch (IOException notYet) {
                // Not listening yet: the JVM starts, reads its config and connects to ZooKeeper first.
                if (!process.isAlive()) {
                    throw new IllegalStateException(spec.id() + " exited before listening on " + url + "; see "
                            + logFile());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(spec.id() + " not listening on " + url + " after "
                            + timeout.toMillis() + " ms (" + notYet.getMessage() + "); see " + logFile());
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Its line in the endpoints file. */
    public Endpoints.Agent endpoint() {
        return new Endpoints.Agent(spec.program(), spec.instance().orElse(null), spec.httpUrl().orElse(null),
                spec.tokenFile().map(Path::toString).orElse(null), spec.statusPageUrl().orElse(null));
    }

    @Override
    public String toString() {
        return spec.id() + "[pid " + pid() + ", " + process.state() + "]";
    }
}
