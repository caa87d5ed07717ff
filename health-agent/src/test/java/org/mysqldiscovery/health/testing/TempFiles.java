package org.mysqldiscovery.health.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of temporary directories made by fixtures and benchmarks. */
public final class TempFiles {
    private TempFiles() {
    }

    /** Deletes a directory tree; best effort (a leftover temp directory is harmless). */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot delete " + root + ": " + e);
        }
    }
}
