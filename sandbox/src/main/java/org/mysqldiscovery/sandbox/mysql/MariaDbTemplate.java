package org.mysqldiscovery.sandbox.mysql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mysqldiscovery.sandbox.process.ChildProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A freshly initialized, never started data directory ({@code mariadb-install-db}), made once
 * per set of binaries and copied for every server: a copy takes milliseconds where an install
 * takes most of a second of CPU. Kept in the temp directory, keyed by the binaries, and built
 * in a private directory that is renamed into place.
 */
public final class MariaDbTemplate {

    /** Bump when the install flags change, so that old templates are not reused. */
    private static final String FLAGS_VERSION = "1";
    private static final Logger log = LoggerFactory.getLogger(MariaDbTemplate.class);

    private final MariaDbBinaries binaries;
    private final Path dataDir;

    private MariaDbTemplate(MariaDbBinaries binaries, Path dataDir) {
        this.binaries = binaries;
        this.dataDir = dataDir;
    }

    /** The template for these binaries under {@code cacheDir}, created if missing. */
    public static synchronized MariaDbTemplate forBinaries(MariaDbBinaries binaries, Path cacheDir) {
        Path home = cacheDir.resolve("mysql-discovery-mariadb-template-" + key(binaries));
        Path data = home.resolve("data");
        if (!Files.isDirectory(data.resolve("mysql"))) {
            build(binaries, home);
        }
        return new MariaDbTemplate(binaries, data);
    }

    /** The template in {@code java.io.tmpdir}. */
    public static MariaDbTemplate forBinaries(MariaDbBinaries binaries) {
        return forBinaries(binaries, Path.of(System.getProperty("java.io.tmpdir")));
    }

    public MariaDbBinaries binaries() {
        return binaries;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Copies the template into {@code target} (which must not exist yet). */
    public void copyTo(Path target) {
        try (Stream<Path> walk = Files.walk(dataDir)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path dest = target.resolve(dataDir.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(source, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the MariaDB template " + dataDir + " to " + target, e);
        }
    }

    /** The flags both the install and every server run with (InnoDB file layout must match). */
    static List<String> layoutFlags() {
        return List.of("--innodb-log-file-size=8M", "--innodb-undo-tablespaces=0");
    }

    private static void build(MariaDbBinaries binaries, Path home) {
        long t0 = System.nanoTime();
        Path tmp = home.resolveSibling(home.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Path data = tmp.resolve("data");
        Path logFile = tmp.resolve("install.log");
        List<String> command = new ArrayList<>();
        command.add(binaries.installDb().toString());
        command.add("--no-defaults");
        if (MariaDbBinaries.runningAsRoot()) {
            command.add("--user=root");
        }
        binaries.basedir().ifPresent(b -> command.add("--basedir=" + b));
        command.add("--datadir=" + data);
        command.add("--auth-root-authentication-method=normal");
        command.add("--skip-test-db");
        command.add("--skip-name-resolve");
        command.addAll(layoutFlags());
        try {
            Files.createDirectories(tmp);
            Process p = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("mariadb-install-db did not finish within 120 s: " + String.join(" ", command));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("mariadb-install-db failed (exit " + p.exitValue() + "): " + String.join(" ", command)
                        + "\n" + ChildProcess.tail(logFile, 30));
            }
            try {
                Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, home);
            } catch (FileSystemException e) {
                // Another JVM made it meanwhile: theirs is as good as ours.
                deleteTree(tmp);
            }
        } catch (IOException e) {
            deleteTree(tmp);
            throw new UncheckedIOException("cannot create the MariaDB template in " + home, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteTree(tmp);
            throw new IllegalStateException("interrupted while running mariadb-install-db", e);
        } catch (RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
        log.info("created MariaDB template data directory {} in {} ms", home, (System.nanoTime() - t0) / 1_000_000);
    }

    private static String key(MariaDbBinaries binaries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(binaries.mariadbd().toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            sha.update(binaries.installDb().toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            sha.update(String.valueOf(Files.size(binaries.mariadbd())).getBytes(StandardCharsets.UTF_8));
            sha.update(Files.getLastModifiedTime(binaries.mariadbd()).toString().getBytes(StandardCharsets.UTF_8));
            sha.update((FLAGS_VERSION + "|" + System.getProperty("user.name")).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + binaries.mariadbd(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    static void deleteTree(Path dir) {
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
