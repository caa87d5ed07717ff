package org.mysqldiscovery.health.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The shaded jar run as a child process, with the JVM flags the README recommends. */
public final class AgentProcess implements AutoCloseable {
    /** The README's recommended flags for agents. */
    public static final List<String> RECOMMENDED_JVM_FLAGS = List.of("-Xmx48m", "-Xss512k", "-XX:+UseSerialGC",
            "-XX:MaxMetaspaceSize=64m", "-XX:TieredStopAtLevel=1");

    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static Path jar() {
        String configured = System.getProperty("healthAgent.jar");
        Path jar = (configured != null ? Path.of(configured) : moduleDir().resolve("target/health-agent.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run `./mvnw -pl health-agent package` first");
        }
        return jar;
    }

    /** The module directory (health-agent/). */
    public static Path moduleDir() {
        String configured = System.getProperty("healthAgent.moduleDir");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        // Under exec:java the working directory is the repository root.
        Path fromRoot = Path.of("health-agent");
        return (Files.isRegularFile(fromRoot.resolve("pom.xml")) ? fromRoot : Path.of(".")).toAbsolutePath()
                .normalize();
    }

    public static AgentProcess start(Path config, Path log) {
        return start(config, log, List.of());
    }

    /** Starts the jar with the recommended flags plus {@code extraJvmFlags}. */
    public static AgentProcess start(Path config, Path log, List<String> extraJvmFlags) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(RECOMMENDED_JVM_FLAGS);
        command.addAll(extraJvmFlags);
        command.add("-jar");
        command.add(jar().toString());
        command.add("--config");
        command.add(config.toString());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new AgentProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the jar with {@code args} in {@code directory} and waits: exit code and output. */
    public static Result run(Path directory, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar().toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("agent-out", ".txt");
            Path err = Files.createTempFile("agent-err", ".txt");
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("health-agent " + String.join(" ", args) + " did not finish");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    /** Resident set size (VmRSS) in KiB, from /proc. */
    public long rssKib() {
        return procStatus("VmRSS:");
    }

    /** Peak resident set size (VmHWM) in KiB. */
    public long peakRssKib() {
        return procStatus("VmHWM:");
    }

    private long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
            throw new IllegalStateException(field + " not in /proc/" + process.pid() + "/status");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    public int awaitExit(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the agent did not exit within " + seconds + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }
}
