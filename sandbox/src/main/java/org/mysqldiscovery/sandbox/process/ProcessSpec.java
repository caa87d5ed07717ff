package org.mysqldiscovery.sandbox.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to launch one OS process of the sandbox.
 *
 * @param name        short unique label, used in logs and in the pid list (no whitespace)
 * @param command     program and arguments, passed to {@link ProcessBuilder} as they are
 * @param workDir     working directory (must exist)
 * @param logFile     stdout and stderr are appended here, so that restarts keep one log
 * @param environment variables added to (not replacing) the JVM's environment
 * @param stopTimeout how long {@code stop()} waits after SIGTERM before it sends SIGKILL
 */
public record ProcessSpec(
        String name,
        List<String> command,
        Path workDir,
        Path logFile,
        Map<String, String> environment,
        Duration stopTimeout) {

    public ProcessSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("process name must be non-empty without whitespace: '" + name + "'");
        }
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        if (command.isEmpty()) {
            throw new IllegalArgumentException("process " + name + ": empty command");
        }
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(logFile, "logFile");
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException("process " + name + ": negative stopTimeout " + stopTimeout);
        }
    }

    /** A spec with no extra environment and a 10 s stop timeout. */
    public static ProcessSpec of(String name, List<String> command, Path workDir, Path logFile) {
        return new ProcessSpec(name, command, workDir, logFile, Map.of(), Duration.ofSeconds(10));
    }

    public ProcessSpec withEnvironment(Map<String, String> env) {
        return new ProcessSpec(name, command, workDir, logFile, env, stopTimeout);
    }

    public ProcessSpec withStopTimeout(Duration timeout) {
        return new ProcessSpec(name, command, workDir, logFile, environment, timeout);
    }
}
