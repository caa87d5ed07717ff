package org.mysqldiscovery.health.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.mysqldiscovery.common.files.BoundedFileIo;
import org.mysqldiscovery.common.files.FileIoException;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.files.RoleFileException;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.health.check.DrainFileState;

/** Reads the schema, role and drain files; never throws: every problem ends up in the snapshot, named. */
public final class RoleFilesReader {
    private final RoleDirectory directory;

    public RoleFilesReader(RoleDirectory directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory.directory();
    }

    public RoleFilesSnapshot read() {
        long start = System.nanoTime();
        Path dir = directory.directory();
        String problem;
        try {
            // Bounded like the reads: a hung file system must not hold the reconciler in stat().
            problem = BoundedFileIo.call(dir, directory.timeout(), () -> Files.isDirectory(dir) ? null
                    : Files.exists(dir) ? "role directory " + dir + " is not a directory"
                    : "role directory " + dir + " does not exist");
        } catch (FileIoException e) {
            problem = "role directory " + e.getMessage();
        }
        if (problem != null) {
            return new RoleFilesSnapshot(null, problem, null, problem, new DrainFileState.Absent(), elapsed(start));
        }
        SchemaName schema = null;
        String schemaProblem = null;
        try {
            schema = directory.readSchema();
        } catch (RoleFileException e) {
            schemaProblem = e.getMessage();
        }
        Role role = null;
        String roleProblem = null;
        try {
            role = directory.readRole();
        } catch (RoleFileException e) {
            roleProblem = e.getMessage();
        }
        DrainFileState drain;
        try {
            Optional<java.time.Instant> until = directory.readDrainUntil();
            drain = until.<DrainFileState>map(DrainFileState.Until::new).orElseGet(DrainFileState.Absent::new);
        } catch (RoleFileException e) {
            drain = new DrainFileState.Unreadable(e.getMessage());
        }
        return new RoleFilesSnapshot(schema, schemaProblem, role, roleProblem, drain, elapsed(start));
    }

    private static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
