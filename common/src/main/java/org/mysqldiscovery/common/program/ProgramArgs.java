package org.mysqldiscovery.common.program;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line every daemon takes: {@code --config FILE} to run, {@code --check-config FILE} to validate and exit
 * 0 (valid) or 1 (invalid); {@code --help} and {@code --version} print and exit 0 ({@link #answer}).
 *
 * @param checkOnly true for {@code --check-config}
 * @param config    the config file
 */
public record ProgramArgs(boolean checkOnly, Path config) {

    /** Parses the arguments; throws {@link IllegalArgumentException} with a usage line when they are wrong. */
    public static ProgramArgs parse(String program, String[] args) {
        if (args.length == 2 && (args[0].equals("--config") || args[0].equals("--check-config"))) {
            return new ProgramArgs(args[0].equals("--check-config"), Path.of(args[1]));
        }
        if (args.length == 1 && args[0].startsWith("--config=")) {
            return new ProgramArgs(false, Path.of(args[0].substring("--config=".length())));
        }
        if (args.length == 1 && args[0].startsWith("--check-config=")) {
            return new ProgramArgs(true, Path.of(args[0].substring("--check-config=".length())));
        }
        throw new IllegalArgumentException(usage(program) + " (--help says more)");
    }

    /**
     * The text {@code --help} ({@code -h}) or {@code --version} ({@code -V}) asks for, when that is the whole command
     * line; empty for anything else (which {@link #parse} then judges). The caller prints it and exits 0.
     */
    public static Optional<String> answer(String program, String[] args) {
        if (args.length != 1) {
            return Optional.empty();
        }
        return switch (args[0]) {
            case "--version", "-V" -> Optional.of(program + " " + version());
            case "--help", "-h" -> Optional.of(help(program));
            default -> Optional.empty();
        };
    }

    private static String usage(String program) {
        return "usage: java -jar " + program + ".jar --config FILE | --check-config FILE | --help | --version";
    }

    private static String help(String program) {
        return usage(program) + "\n"
                + "\n"
                + "  --config FILE        run " + program + " with this YAML config (every field is commented in\n"
                + "                       the example config: /etc/mysql-discovery/" + program + ".yaml when installed\n"
                + "                       from the Debian package, " + program + "/config/example.yaml in the sources)\n"
                + "  --check-config FILE  validate the config and exit: 0 and \"OK: FILE\" when valid, 1 and what is\n"
                + "                       wrong and where (file, line, field) when not; reads the secret files it names\n"
                + "  --help, -h           this text\n"
                + "  --version, -V        \"" + program + " VERSION\"\n"
                + "\n"
                + "Exit codes: 0 ok, 1 invalid config or failed start, 2 wrong command line.\n"
                + "Contracts (ZooKeeper layout, role files, role API, guards, ports): docs/DESIGN.md.";
    }

    /** The suite's version, from the jar manifest (or the build's version when run from classes). */
    public static String version() {
        String version = ProgramArgs.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }
}
