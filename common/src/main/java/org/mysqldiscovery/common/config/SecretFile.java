package org.mysqldiscovery.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import org.mysqldiscovery.common.files.BoundedFileIo;
import org.mysqldiscovery.common.files.FileIoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret (password, token) read from a file named in the config, never from the config or the command line.
 * Read when the config is loaded, so {@code --check-config} catches a missing file. Never printed.
 *
 * <p>Only a regular file (or a link to one) of at most {@value #MAX_SECRET_BYTES} bytes is read, within
 * {@link #READ_TIMEOUT}: a FIFO, {@code /dev/zero}, a directory or a hung file system is a refusal naming the file,
 * never a hang or a huge read. A secret readable by group or others is accepted with a WARN at every load (decision
 * in docs/DESIGN.md, "Secret, role and schema files"): Puppet installs secrets 0400, so the warning names a hand-made
 * file, and refusing would stop an agent at a restart where warning keeps it routing. The warning is written at every
 * start of a long-running program ({@link #exposedSecrets}, logged by the HTTP server's start).
 */
public final class SecretFile {
    private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);
    static final int MAX_SECRET_BYTES = 4096;
    static final Duration READ_TIMEOUT = Duration.ofMillis(1000);
    /** Secret files read by this process that group or others can read: warned at every start (AdminServer). */
    private static final java.util.Map<Path, String> EXPOSED = new java.util.concurrent.ConcurrentSkipListMap<>();

    private final Path path;
    private final String value;

    private SecretFile(Path path, String value) {
        this.path = path;
        this.value = value;
    }

    @JsonCreator
    public static SecretFile read(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("secret file path is empty");
        }
        return read(Path.of(path));
    }

    public static SecretFile read(Path path) {
        byte[] bytes;
        try {
            bytes = BoundedFileIo.readSmallFile(path, MAX_SECRET_BYTES, READ_TIMEOUT);
        } catch (FileIoException e) {
            throw new IllegalArgumentException(e.kind() == FileIoException.Kind.MISSING
                    ? "secret file " + path + " does not exist" : "secret file " + e.getMessage(), e);
        }
        exposure(path).ifPresent(who -> {
            EXPOSED.put(path.toAbsolutePath().normalize(), who);
            LOG.debug("secret file {} is readable by {}", path, who);
        });
        String text = new String(bytes, StandardCharsets.UTF_8);
        // Editors and `echo` add a trailing newline; it is never part of the secret.
        while (text.endsWith("\n") || text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("secret file " + path + " is empty");
        }
        if (text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("secret file " + path + " has more than one line");
        }
        return new SecretFile(path, text);
    }

    /**
     * The secret files this process has read that group or others can read, and who ("GROUP", "OTHERS", "GROUP AND
     * OTHERS"). Every long-running program warns about each at start and exports their count
     * ({@code mysql_discovery_secret_files_exposed}); {@code --check-config} stays quiet so its output is the verdict alone.
     */
    public static java.util.Map<Path, String> exposedSecrets() {
        return java.util.Map.copyOf(EXPOSED);
    }

    /** Who besides the owner may read the file ("group", "others", "group and others"), if anyone. */
    static java.util.Optional<String> exposure(Path path) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = BoundedFileIo.call(path, READ_TIMEOUT, () -> Files.getPosixFilePermissions(path));
        } catch (FileIoException | UnsupportedOperationException e) {
            return java.util.Optional.empty(); // not a POSIX file system: nothing to say
        }
        boolean group = permissions.contains(PosixFilePermission.GROUP_READ);
        boolean others = permissions.contains(PosixFilePermission.OTHERS_READ);
        if (group && others) {
            return java.util.Optional.of("GROUP AND OTHERS");
        }
        if (group || others) {
            return java.util.Optional.of(group ? "GROUP" : "OTHERS");
        }
        return java.util.Optional.empty();
    }

    @JsonValue
    public Path path() {
        return path;
    }

    /** The secret itself: pass it on, never log it. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return "SecretFile[" + path + "]";
    }
}
