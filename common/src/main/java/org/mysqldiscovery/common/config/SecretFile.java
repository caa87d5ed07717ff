package org.mysqldiscovery.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A secret (password, token) read from a file named in the config, never from the config or the command line.
 * Read when the config is loaded, so {@code --check-config} catches a missing file. Never printed.
 */
public final class SecretFile {
    private static final int MAX_SECRET_BYTES = 4096;

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
            if (Files.size(path) > MAX_SECRET_BYTES) {
                throw new IllegalArgumentException("secret file " + path + " is larger than " + MAX_SECRET_BYTES
                        + " bytes");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("secret file " + path + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("secret file " + path + " cannot be read: " + e.getMessage(), e);
        }
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
