package org.mysqldiscovery.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A program of the suite to run as a child process:
 * {@code java -Xmx<heapMb>m <jvmOptions> -jar <jar> <command> --config <generated config> <extraArgs>}.
 *
 * @param program    the program's name ({@code health-agent}, {@code role-agent}, ...)
 * @param id         unique within the sandbox, names its directory and process ({@code health-agent-orders-1})
 * @param jar        the executable jar
 * @param configYaml the config file's content; written to {@code programs/<id>/config.yaml}
 * @param command    words between the jar and {@code --config} (a subcommand), usually none
 * @param instance   the MySQL instance it serves ({@code host:port}), if any: listed in the endpoints file
 * @param httpUrl    where its HTTP admin listens, if anywhere: listed in the endpoints file
 * @param tokenFile  file with its bearer token, if it has one: listed in the endpoints file
 * @param statusPageUrl the operator's status page it serves, if any: listed in the endpoints file
 */
public record ProgramSpec(
        String program,
        String id,
        Path jar,
        String configYaml,
        int heapMb,
        List<String> jvmOptions,
        List<String> command,
        List<String> extraArgs,
        Optional<String> instance,
        Optional<String> httpUrl,
        Optional<Path> tokenFile,
        Optional<String> statusPageUrl) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public ProgramSpec {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(program).matches()) {
            throw new IllegalArgumentException("program name must match " + ID + ": '" + program + "'");
        }
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("program id must match " + ID + ": '" + id + "'");
        }
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(configYaml, "configYaml");
        if (heapMb < 16 || heapMb > 8192) {
            throw new IllegalArgumentException("program " + id + ": heapMb must be 16..8192, not " + heapMb);
        }
        jvmOptions = List.copyOf(jvmOptions);
        command = List.copyOf(command);
        extraArgs = List.copyOf(extraArgs);
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(httpUrl, "httpUrl");
        Objects.requireNonNull(tokenFile, "tokenFile");
        Objects.requireNonNull(statusPageUrl, "statusPageUrl");
    }

    /** A program with 96 MB of heap, no extra options and no endpoint details. */
    public static ProgramSpec of(String program, String id, Path jar, String configYaml) {
        return new ProgramSpec(program, id, jar, configYaml, 96, List.of(), List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public ProgramSpec withInstance(String hostPort) {
        return new ProgramSpec(program, id, jar, configYaml, heapMb, jvmOptions, command, extraArgs, Optional.of(hostPort), httpUrl, tokenFile, statusPageUrl);
    }

    public ProgramSpec withHttpUrl(String url) {
        return new ProgramSpec(program, id, jar, configYaml, heapMb, jvmOptions, command, extraArgs, instance, Optional.of(url), tokenFile, statusPageUrl);
    }

    public ProgramSpec withTokenFile(Path file) {
        return new ProgramSpec(program, id, jar, configYaml, heapMb, jvmOptions, command, extraArgs, instance, httpUrl, Optional.of(file), statusPageUrl);
    }

    public ProgramSpec withStatusPageUrl(String url) {
        return new ProgramSpec(program, id, jar, configYaml, heapMb, jvmOptions, command, extraArgs, instance, httpUrl, tokenFile, Optional.of(url));
    }

    public ProgramSpec withHeapMb(int mb) {
        return new ProgramSpec(program, id, jar, configYaml, mb, jvmOptions, command, extraArgs, instance, httpUrl, tokenFile, statusPageUrl);
    }

    public ProgramSpec withJvmOptions(List<String> options) {
        return new ProgramSpec(program, id, jar, configYaml, heapMb, options, command, extraArgs, instance, httpUrl, tokenFile, statusPageUrl);
    }

    /** Words between the jar and {@code --config}: a subcommand ({@code serve} of the CLI's jar). */
    public ProgramSpec withCommand(List<String> words) {
        return new ProgramSpec(program, id, jar, configYaml, heapMb, jvmOptions, words, extraArgs, instance, httpUrl, tokenFile, statusPageUrl);
    }

    public ProgramSpec withExtraArgs(List<String> args) {
        return new ProgramSpec(program, id, jar, configYaml, heapMb, jvmOptions, command, args, instance, httpUrl, tokenFile, statusPageUrl);
    }
}
