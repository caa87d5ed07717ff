package org.mysqldiscovery.common.zk;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.mysqldiscovery.common.config.SecretFile;

/**
 * How a program reaches ZooKeeper. Shared by every program's config under the key {@code zookeeper}.
 *
 * @param connectString           e.g. {@code zk1:2181,zk2:2181,zk3:2181}
 * @param root                    the suite's root path, default {@code /mysql-discovery}
 * @param sessionTimeoutMillis    session timeout asked of the server: how long a dead agent's node lingers
 * @param connectionTimeoutMillis how long one connection attempt may take
 * @param retryBaseSleepMillis    first retry back-off
 * @param retryMaxSleepMillis     longest retry back-off
 * @param retryMaxRetries         retries of one operation before it fails
 * @param auth                    optional digest authentication; when set, the suite's nodes get ACLs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ZkSettings(
        String connectString,
        String root,
        Integer sessionTimeoutMillis,
        Integer connectionTimeoutMillis,
        Integer retryBaseSleepMillis,
        Integer retryMaxSleepMillis,
        Integer retryMaxRetries,
        Auth auth) {

    public ZkSettings {
        if (connectString == null || connectString.isBlank()) {
            throw new IllegalArgumentException("connectString: is required (e.g. zk1:2181,zk2:2181,zk3:2181)");
        }
        if (connectString.length() > 4096 || connectString.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("connectString: must be host:port[,host:port…][/chroot] without spaces");
        }
        root = root == null ? ZkLayout.DEFAULT_ROOT : root;
        try {
            new ZkLayout(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("root: " + e.getMessage(), e);
        }
        sessionTimeoutMillis = positive("sessionTimeoutMillis", sessionTimeoutMillis, 6_000, 100, 600_000);
        connectionTimeoutMillis = positive("connectionTimeoutMillis", connectionTimeoutMillis, 3_000, 10, 600_000);
        retryBaseSleepMillis = positive("retryBaseSleepMillis", retryBaseSleepMillis, 100, 1, 60_000);
        retryMaxSleepMillis = positive("retryMaxSleepMillis", retryMaxSleepMillis, 1_000, 1, 600_000);
        retryMaxRetries = positive("retryMaxRetries", retryMaxRetries, 3, 0, 29);
        if (retryMaxSleepMillis < retryBaseSleepMillis) {
            throw new IllegalArgumentException("retryMaxSleepMillis: must be >= retryBaseSleepMillis");
        }
    }

    public static ZkSettings of(String connectString, String root) {
        return new ZkSettings(connectString, root, null, null, null, null, null, null);
    }

    public ZkSettings withSessionTimeoutMillis(int millis) {
        return new ZkSettings(connectString, root, millis, connectionTimeoutMillis, retryBaseSleepMillis,
                retryMaxSleepMillis, retryMaxRetries, auth);
    }

    public ZkLayout layout() {
        return new ZkLayout(root);
    }

    static Integer positive(String field, Integer value, int fallback, int min, int max) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw new IllegalArgumentException(field + ": " + v + " is out of range " + min + ".." + max);
        }
        return v;
    }

    /**
     * Digest authentication. Nodes the program creates get ACLs: read for everyone, all rights for this identity
     * and for the {@code writers} ({@code user:base64digest} ids of the suite's other identities).
     *
     * @param user         this program's ZooKeeper user
     * @param passwordFile file holding its password
     * @param writers      other identities that may write the suite's nodes, as ZooKeeper digest ids
     */
    public record Auth(String user, SecretFile passwordFile, List<String> writers) {
        public Auth {
            if (user == null || user.isBlank() || user.contains(":")) {
                throw new IllegalArgumentException("auth.user: is required and must not contain ':'");
            }
            if (passwordFile == null) {
                throw new IllegalArgumentException("auth.passwordFile: is required");
            }
            writers = writers == null ? List.of() : List.copyOf(writers);
            for (String writer : writers) {
                if (writer == null || !writer.matches("[^:\\s]+:[A-Za-z0-9+/=]{20,}")) {
                    throw new IllegalArgumentException("auth.writers: " + writer
                            + " is not a digest id user:base64(sha1(user:password))");
                }
            }
        }
    }
}
