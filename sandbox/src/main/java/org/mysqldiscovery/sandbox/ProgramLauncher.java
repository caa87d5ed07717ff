package org.mysqldiscovery.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mysqldiscovery.sandbox.process.Parallel;
import org.mysqldiscovery.sandbox.process.ProcessSpec;
import org.mysqldiscovery.sandbox.process.ProcessSupervisor;

/**
 * Starts the suite's programs from their jars as child processes, each with its generated config
 * and its log in {@code programs/<id>/}. The sandbox's extension point for the agents: whoever
 * knows a program's config builds a {@link ProgramSpec}; this class runs it and keeps track.
 */
public final class ProgramLauncher {

    private final ProcessSupervisor supervisor;
    private final Path programsDir;
    private final List<SandboxProgram> programs = new CopyOnWriteArrayList<>();

    public ProgramLauncher(ProcessSupervisor supervisor, Path programsDir) {
        this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
        this.programsDir = Objects.requireNonNull(programsDir, "programsDir");
    }

    /** Writes the config and starts {@code java -Xmx..m -jar <jar> --config <config>}. */
    public SandboxProgram launch(ProgramSpec spec) {
        SandboxProgram program = prepare(spec);
        program.start();
        return program;
    }

    /** Writes the config and registers the program without starting it. */
    public synchronized SandboxProgram prepare(ProgramSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (programs.stream().anyMatch(p -> p.id().equals(spec.id()))) {
            throw new IllegalArgumentException("a program with id " + spec.id() + " exists already");
        }
        if (!Files.isRegularFile(spec.jar())) {
            throw new IllegalArgumentException("program " + spec.id() + ": jar " + spec.jar() + " does not exist (build it first)");
        }
        Path dir = programsDir.resolve(spec.id());
        Path config = dir.resolve("config.yaml");
        try {
            Files.createDirectories(dir);
            Files.writeString(config, spec.configYaml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the config of " + spec.id() + " to " + config, e);
        }
        ProcessSpec processSpec = ProcessSpec.of(spec.id(), command(spec, config), dir, dir.resolve(spec.program() + ".log"))
                .withStopTimeout(Duration.ofSeconds(10));
        SandboxProgram program = new SandboxProgram(spec, config, supervisor.register(processSpec));
        programs.add(program);
        return program;
    }

    /** The command line of a program. */
    static List<String> command(ProgramSpec spec, Path config) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add("-Xmx" + spec.heapMb() + "m");
        c.addAll(spec.jvmOptions());
        c.add("-jar");
        c.add(spec.jar().toAbsolutePath().toString());
        c.addAll(spec.command());
        c.add("--config");
        c.add(config.toAbsolutePath().toString());
        c.addAll(spec.extraArgs());
        return c;
    }

    public List<SandboxProgram> programs() {
        return List.copyOf(programs);
    }

    /** Stops every program (the supervisor would too; this keeps agents ahead of their servers). */
    public void stopAll() {
        Parallel.forEach(programs(), SandboxProgram::stop);
    }
}
