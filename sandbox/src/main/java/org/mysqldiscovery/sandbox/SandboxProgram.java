package org.mysqldiscovery.sandbox;

import java.nio.file.Path;
import java.util.Objects;
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

    /** Its line in the endpoints file. */
    public Endpoints.Agent endpoint() {
        return new Endpoints.Agent(spec.program(), spec.instance().orElse(null), spec.httpUrl().orElse(null),
                spec.tokenFile().map(Path::toString).orElse(null));
    }

    @Override
    public String toString() {
        return spec.id() + "[pid " + pid() + ", " + process.state() + "]";
    }
}
