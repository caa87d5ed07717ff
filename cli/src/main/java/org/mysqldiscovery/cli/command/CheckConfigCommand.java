package org.mysqldiscovery.cli.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.mysqldiscovery.cli.CliConfig;
import org.mysqldiscovery.cli.CliContext;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.common.config.ConfigLoader;
import org.mysqldiscovery.sync.config.SyncConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code check-config KIND FILE}: validate a program's config with that program's own loader. The CLI's and
 * proxysql-sync's configs are checked in-process (the CLI carries the sync's loader for {@code plan}). The agents'
 * configs are checked by the agent's installed jar ({@code java -jar JAR --check-config FILE}): the version that will
 * read the file is the one that judges it, and the CLI does not carry the agents' code (nor their dependencies).
 * {@code --jar} sends any daemon kind, proxysql-sync included, through its jar.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = {"Validate a config file with the program's own loader: prints OK: FILE, or what is wrong"
                + " (file, field path, reason).",
                "KIND: cli and proxysql-sync (checked here with their loaders), health-agent and role-agent"
                        + " (checked by running the agent's jar with --check-config: --jar JAR, else <kind>.jar next"
                        + " to this CLI's jar, in the build tree, in /usr/share/mysql-discovery or /opt/mysql-discovery/lib). --jar also sends"
                        + " proxysql-sync through its jar."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:invalid (the reason is printed)",
                "2:usage error (unknown KIND, the program's jar not found)"})
public final class CheckConfigCommand implements Callable<Integer> {
    /** Where the Debian packages install the programs' jars. */
    public static final Path PACKAGE_LIB = Path.of("/usr/share/mysql-discovery");
    /** Where Puppet's jar file source (install_method jar) puts them. */
    public static final Path INSTALL_LIB = Path.of("/opt/mysql-discovery/lib");
    static final List<String> DAEMONS = List.of("health-agent", "role-agent", "proxysql-sync");
    private static final long CHILD_TIMEOUT_SECONDS = 60;

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "cli, health-agent, role-agent or proxysql-sync.")
    String kind;

    @Parameters(index = "1", paramLabel = "FILE", description = "The config file.")
    Path file;

    @Option(names = "--jar", paramLabel = "JAR", description = "The program's jar (for the daemons' kinds).")
    Path jar;

    @Option(names = "--json", description = "Print the documented JSON document instead of text (outcome valid or"
            + " invalid; the exit code is the same).")
    boolean json;

    public CheckConfigCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!json) {
            return check(spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        java.io.StringWriter said = new java.io.StringWriter();
        java.io.StringWriter complained = new java.io.StringWriter();
        int code = check(new PrintWriter(said), new PrintWriter(complained));
        String detail = (code == ExitCodes.OK ? said : complained).toString().strip();
        Json.print(spec.commandLine().getOut(), new ActionReport("check-config " + kind,
                code == ExitCodes.OK ? "valid" : "invalid", file.toString(), detail, List.of()));
        return code;
    }

    private int check(PrintWriter out, PrintWriter err) {
        if (kind.equals("cli")) {
            return checkCli(file, out, err);
        }
        if (kind.equals("proxysql-sync") && jar == null) {
            return check(file, out, err, () -> SyncConfig.load(file));
        }
        if (!DAEMONS.contains(kind)) {
            throw CliException.usage("unknown KIND " + org.mysqldiscovery.common.model.Quoting.quote(kind)
                    + ": expected cli, health-agent, role-agent or proxysql-sync");
        }
        Path program = findJar().orElseThrow(() -> CliException.usage("cannot find " + kind + ".jar (looked in "
                + String.join(", ", candidates().stream().map(Path::toString).toList())
                + "); pass --jar JAR"));
        return runJar(program, out, err);
    }

    static int checkCli(Path file, PrintWriter out, PrintWriter err) {
        return check(file, out, err, () -> ConfigLoader.load(file, CliConfig.class));
    }

    /** A loader that either returns (valid) or says what is wrong. */
    private interface Loader {
        void load() throws ConfigException;
    }

    private static int check(Path file, PrintWriter out, PrintWriter err, Loader loader) {
        try {
            loader.load();
            out.println("OK: " + file);
            out.flush();
            return ExitCodes.OK;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.NOT_MET;
        }
    }

    private Optional<Path> findJar() {
        if (jar != null) {
            if (!Files.isRegularFile(jar)) {
                throw CliException.usage("--jar " + jar + ": no such file");
            }
            return Optional.of(jar);
        }
        return candidates().stream().filter(Files::isRegularFile).findFirst();
    }

    /** Next to this CLI's jar, then in the build tree (…/cli/target → …/KIND/target), then the install dir. */
    List<Path> candidates() {
        String name = kind + ".jar";
        List<Path> out = new ArrayList<>();
        context.codeLocation().ifPresent(location -> {
            Path abs = location.toAbsolutePath().normalize();
            if (Files.isRegularFile(abs) && abs.getParent() != null) {
                out.add(abs.getParent().resolve(name));
            }
            for (Path p = abs; p != null; p = p.getParent()) {
                if (p.getFileName() != null && p.getFileName().toString().equals("target") && p.getParent() != null
                        && p.getParent().getParent() != null) {
                    out.add(p.getParent().getParent().resolve(kind).resolve("target").resolve(name));
                    break;
                }
            }
        });
        out.add(PACKAGE_LIB.resolve(name));
        out.add(INSTALL_LIB.resolve(name));
        return out;
    }

    private int runJar(Path program, PrintWriter out, PrintWriter err) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("check-config", ".out");
            stderr = Files.createTempFile("check-config", ".err");
            Process process = new ProcessBuilder(java.toString(), "-Xmx96m", "-XX:TieredStopAtLevel=1", "-jar",
                    program.toString(), "--check-config", file.toString())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw CliException.usage(program + " --check-config did not finish within " + CHILD_TIMEOUT_SECONDS
                        + " s");
            }
            String o = Files.readString(stdout, StandardCharsets.UTF_8);
            String e = Files.readString(stderr, StandardCharsets.UTF_8);
            out.print(o);
            err.print(e);
            out.flush();
            err.flush();
            int code = process.exitValue();
            // The convention: 0 with "OK: FILE", or 1 with a message naming FILE. Anything else (a corrupt jar, a
            // program without --check-config) is no verdict on the file.
            if (code == 0 && o.contains("OK")) {
                return ExitCodes.OK;
            }
            if (code == 1 && e.contains(file.toString())) {
                return ExitCodes.NOT_MET;
            }
            throw CliException.usage(program + " --check-config exited with " + code
                    + " without a verdict on " + file + " (is it the right jar?)");
        } catch (IOException e) {
            throw CliException.usage("cannot run " + program + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.usage("interrupted while running " + program);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A temp file left behind is harmless; the verdict is what matters.
            path.toFile().deleteOnExit();
        }
    }
}
