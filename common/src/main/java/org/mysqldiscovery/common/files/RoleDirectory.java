package org.mysqldiscovery.common.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.mysqldiscovery.common.model.Quoting;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

/**
 * The role directory on a MySQL host ({@code /var/lib/mysql-discovery/} by default): files {@code schema},
 * {@code role} and {@code drain-until}. Reads are strict (one line, trailing newline allowed, nothing else); writes
 * are atomic (temp file in the same directory, fsync, rename, fsync directory) so a reader never sees a partial file.
 *
 * <p>Every call is bounded in time ({@link BoundedFileIo}): only regular files (or links to one) are read, at most
 * {@value #MAX_FILE_BYTES} bytes, and a FIFO, a device, a directory or a hung file system is a
 * {@link RoleFileException} naming the file within the bound, never a blocked caller.
 */
public final class RoleDirectory {
    public static final String SCHEMA_FILE = "schema";
    public static final String ROLE_FILE = "role";
    public static final String DRAIN_FILE = "drain-until";
    /** Any legitimate file here is a few bytes; a large one is garbage and is not read into memory. */
    static final int MAX_FILE_BYTES = 256;
    /** Default bound of one read; writes (fsync twice) get {@link #WRITE_FACTOR} times as long. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1000);
    private static final int WRITE_FACTOR = 3;

    private final Path directory;
    private final Duration timeout;

    public RoleDirectory(Path directory) {
        this(directory, DEFAULT_TIMEOUT);
    }

    /** @param timeout how long one read may take before it is an error (writes: three times as long) */
    public RoleDirectory(Path directory, Duration timeout) {
        if (directory == null) {
            throw new IllegalArgumentException("role directory is missing");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("role directory timeout must be positive");
        }
        this.directory = directory.toAbsolutePath().normalize();
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    public Path directory() {
        return directory;
    }

    public Path roleFile() {
        return directory.resolve(ROLE_FILE);
    }

    public Path schemaFile() {
        return directory.resolve(SCHEMA_FILE);
    }

    public Path drainFile() {
        return directory.resolve(DRAIN_FILE);
    }

    public Role readRole() throws RoleFileException {
        String token = readLine(roleFile());
        try {
            return Role.fromToken(token);
        } catch (IllegalArgumentException e) {
            throw new RoleFileException(roleFile() + ": " + e.getMessage());
        }
    }

    public SchemaName readSchema() throws RoleFileException {
        String name = readLine(schemaFile());
        try {
            return new SchemaName(name);
        } catch (IllegalArgumentException e) {
            throw new RoleFileException(schemaFile() + ": " + e.getMessage());
        }
    }

    public void writeRole(Role role) throws RoleFileException {
        writeAtomically(roleFile(), role.token() + "\n");
    }

    public void writeSchema(SchemaName schema) throws RoleFileException {
        writeAtomically(schemaFile(), schema.value() + "\n");
    }

    /** The running drain lease, if any: empty when there is no file. A garbage file is an error, not "no lease". */
    public Optional<Instant> readDrainUntil() throws RoleFileException {
        String text;
        try {
            text = readLine(drainFile());
        } catch (RoleFileException e) {
            if (e.missing()) {
                return Optional.empty();
            }
            throw e;
        }
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new RoleFileException(drainFile() + ": " + Quoting.quote(text)
                    + " is not a time in epoch milliseconds");
        }
        return Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
    }

    /** Whether a drain file exists (of any content), bounded like a read. */
    public boolean drainFileExists() throws RoleFileException {
        return bounded(drainFile(), timeout, () -> Files.exists(drainFile()));
    }

    /** When the role file last changed (its modification time), bounded like a read. */
    public Instant roleChangedAt() throws RoleFileException {
        return bounded(roleFile(), timeout, () -> Files.getLastModifiedTime(roleFile()).toInstant());
    }

    public void writeDrainUntil(Instant until) throws RoleFileException {
        writeAtomically(drainFile(), until.toEpochMilli() + "\n");
    }

    public void clearDrain() throws RoleFileException {
        bounded(drainFile(), timeout.multipliedBy(WRITE_FACTOR), () -> {
            Files.deleteIfExists(drainFile());
            fsyncDirectory();
            return null;
        });
    }

    private String readLine(Path file) throws RoleFileException {
        byte[] bytes;
        try {
            bytes = BoundedFileIo.readSmallFile(file, MAX_FILE_BYTES, timeout);
        } catch (FileIoException e) {
            throw new RoleFileException(e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RoleFileException(file + ": is not UTF-8 text (binary content)");
        }
        if (text.isEmpty()) {
            throw new RoleFileException(file + ": is empty");
        }
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.indexOf('\r') >= 0) {
            throw new RoleFileException(file + ": contains a carriage return (CRLF line end?): "
                    + Quoting.quote(text));
        }
        if (text.indexOf('\n') >= 0) {
            throw new RoleFileException(file + ": has more than one line: " + Quoting.quote(text));
        }
        if (text.isEmpty()) {
            throw new RoleFileException(file + ": is empty (only a newline)");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new RoleFileException(file + ": contains a control character: " + Quoting.quote(text));
            }
        }
        return text;
    }

    private static <T> T bounded(Path file, Duration bound, BoundedFileIo.Action<T> action) throws RoleFileException {
        try {
            return BoundedFileIo.call(file, bound, action);
        } catch (FileIoException e) {
            throw new RoleFileException(e);
        }
    }

    private void writeAtomically(Path target, String content) throws RoleFileException {
        bounded(target, timeout.multipliedBy(WRITE_FACTOR), () -> {
            writeNow(target, content);
            return null;
        });
    }

    private void writeNow(Path target, String content) throws FileIoException {
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, "." + target.getFileName() + "-", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new FileIoException(FileIoException.Kind.IO, target
                        + ": the file system cannot rename atomically", e);
            }
            temp = null;
            fsyncDirectory();
        } catch (IOException e) {
            throw new FileIoException(FileIoException.Kind.IO, target + ": cannot write: " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException cleanup) {
                    // The write already failed and says so; a stray temp file is named ".role-…tmp" and harmless.
                    System.getLogger(RoleDirectory.class.getName()).log(System.Logger.Level.WARNING,
                            "cannot remove temp file " + temp + ": " + cleanup.getMessage());
                }
            }
        }
    }

    private void fsyncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
