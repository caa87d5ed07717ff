package org.mysqldiscovery.sandbox.mysql;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A MySQL account of the sandbox. The password is also in {@code passwordFile} (one line, mode
 * 0600) because the suite's programs read secrets from files, never from their config.
 */
public record Credentials(String user, String password, Path passwordFile) {

    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(passwordFile, "passwordFile");
        if (!user.matches("[A-Za-z0-9_]{1,32}")) {
            throw new IllegalArgumentException("mysql user must match [A-Za-z0-9_]{1,32}: '" + user + "'");
        }
        if (!password.matches("[A-Za-z0-9_]{1,64}")) {
            // Kept to characters that need no quoting in SQL, URLs and YAML.
            throw new IllegalArgumentException("sandbox passwords must match [A-Za-z0-9_]{1,64}");
        }
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", passwordFile=" + passwordFile + "]";
    }
}
