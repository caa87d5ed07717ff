package org.mysqldiscovery.sandbox.mysql;

/** A server's role in its cluster, as the sandbox arranged it (tokens as in docs/DESIGN.md). */
public enum ServerRole {
    PRIMARY("primary"),
    REPLICA("replica"),
    REPORTING_REPLICA("reporting-replica");

    private final String token;

    ServerRole(String token) {
        this.token = token;
    }

    /** The role file / ZooKeeper token: {@code primary}, {@code replica}, {@code reporting-replica}. */
    public String token() {
        return token;
    }

    @Override
    public String toString() {
        return token;
    }
}
