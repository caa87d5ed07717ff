package org.mysqldiscovery.common.program;

import java.nio.file.Path;

/**
 * The command line every daemon takes: {@code --config FILE} to run, {@code --check-config FILE} to validate and exit
 * 0 (valid) or 1 (invalid).
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
        throw new IllegalArgumentException("usage: java -jar " + program + ".jar --config FILE | --check-config FILE");
    }

    /** The suite's version, from the jar manifest (or "dev" when run from classes). */
    public static String version() {
        String version = ProgramArgs.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }
}
