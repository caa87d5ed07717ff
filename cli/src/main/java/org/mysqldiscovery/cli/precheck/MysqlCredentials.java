package org.mysqldiscovery.cli.precheck;

/** A MySQL account for the CLI's read-only probes. The password comes from a file; it is never printed. */
public record MysqlCredentials(String user, String password) {
    public MysqlCredentials {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("MySQL user is missing");
        }
        if (user.length() > 128 || user.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("MySQL user is longer than 128 characters or has control characters");
        }
        if (password == null) {
            throw new IllegalArgumentException("MySQL password is missing");
        }
    }

    @Override
    public String toString() {
        return "MysqlCredentials[user=" + user + "]";
    }
}
