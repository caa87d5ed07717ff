package org.mysqldiscovery.common.zk;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;
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
 * @param auth                    digest authentication: this program's identity and the suite's identities, from which
 *                                the ACLs of every node are built ({@link ZkAclPolicy}). Required, unless
 * @param allowUnauthenticated    is true: the explicit, logged opt-out (no identity, every node world-writable; the
 *                                program warns at every start and exports {@code zookeeper_unauthenticated 1})
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
        Auth auth,
        Boolean allowUnauthenticated) {

    public ZkSettings {
        if (connectString == null || connectString.isBlank()) {
            throw new FieldException("connectString", "is required (e.g. zk1:2181,zk2:2181,zk3:2181)");
        }
        if (connectString.length() > 4096 || connectString.chars().anyMatch(Character::isWhitespace)) {
            throw new FieldException("connectString", "must be host:port[,host:port…][/chroot] without spaces");
        }
        root = root == null ? ZkLayout.DEFAULT_ROOT : root;
        try {
            new ZkLayout(root);
        } catch (IllegalArgumentException e) {
            throw new FieldException("root", e.getMessage(), e);
        }
        sessionTimeoutMillis = Range.check("sessionTimeoutMillis", sessionTimeoutMillis, 6_000, 100, 600_000);
        connectionTimeoutMillis = Range.check("connectionTimeoutMillis", connectionTimeoutMillis, 3_000, 10, 600_000);
        retryBaseSleepMillis = Range.check("retryBaseSleepMillis", retryBaseSleepMillis, 100, 1, 60_000);
        retryMaxSleepMillis = Range.check("retryMaxSleepMillis", retryMaxSleepMillis, 1_000, 1, 600_000);
        retryMaxRetries = Range.check("retryMaxRetries", retryMaxRetries, 3, 0, 29);
        if (retryMaxSleepMillis < retryBaseSleepMillis) {
            throw new FieldException("retryMaxSleepMillis", "must be >= retryBaseSleepMillis");
        }
        allowUnauthenticated = allowUnauthenticated != null && allowUnauthenticated;
        if (auth == null && !allowUnauthenticated) {
            throw new FieldException("auth", "is required (user, passwordFile and the suite's identities):"
                    + " without it anyone who reaches ZooKeeper can move a schema's writes. To run without it anyway,"
                    + " say allowUnauthenticated: true");
        }
        if (auth != null && allowUnauthenticated) {
            throw new FieldException("allowUnauthenticated", "true contradicts auth: choose one");
        }
    }

    /** No identity, world-writable nodes: the explicit opt-out, for tests and throw-away setups. */
    public static ZkSettings unauthenticated(String connectString, String root) {
        return new ZkSettings(connectString, root, null, null, null, null, null, null, true);
    }

    /** Authenticated as {@code auth}, other fields default. */
    public static ZkSettings authenticated(String connectString, String root, Auth auth) {
        return new ZkSettings(connectString, root, null, null, null, null, null, auth, null);
    }

    public ZkSettings withSessionTimeoutMillis(int millis) {
        return new ZkSettings(connectString, root, millis, connectionTimeoutMillis, retryBaseSleepMillis,
                retryMaxSleepMillis, retryMaxRetries, auth, allowUnauthenticated);
    }

    /** The same settings with another connection timeout and retry count (one-shot tools bound their wait). */
    public ZkSettings withConnection(String connectString, String root, int connectionTimeoutMillis,
            int retryMaxRetries) {
        return new ZkSettings(connectString, root, sessionTimeoutMillis, connectionTimeoutMillis,
                retryBaseSleepMillis, retryMaxSleepMillis, retryMaxRetries, auth, allowUnauthenticated);
    }

    /** True when the program runs without a ZooKeeper identity (the opt-out). */
    public boolean unauthenticated() {
        return auth == null;
    }

    /** The ACLs this program writes. */
    public ZkAclPolicy aclPolicy() {
        return auth == null ? ZkAclPolicy.open(layout()) : ZkAclPolicy.of(layout(), auth.identities());
    }

    public ZkLayout layout() {
        return new ZkLayout(root);
    }

    /**
     * Digest authentication.
     *
     * @param user         this program's ZooKeeper user (its identity, e.g. {@code health-agent})
     * @param passwordFile file holding its password
     * @param identities   the suite's identities by kind, as digest ids: the ACLs are built from them, and this
     *                     program's own identity must be among those of its kind
     */
    public record Auth(String user, SecretFile passwordFile, ZkIdentities identities) {
        public Auth {
            if (user == null || user.isBlank() || user.contains(":") || user.length() > 256
                    || user.chars().anyMatch(Character::isWhitespace)) {
                throw new FieldException("auth.user", "is required, without ':' or spaces");
            }
            if (passwordFile == null) {
                throw new FieldException("auth.passwordFile", "is required");
            }
            if (identities == null) {
                throw new FieldException("auth.identities", "is required (healthAgents, roleAgents, syncs,"
                        + " operators: digest ids user:base64(sha1(user:password)))");
            }
        }

        /** This identity's digest id. */
        public String digestId() {
            return ZkClientFactory.digest(user, passwordFile.value());
        }

        /** The first of {@code kinds} whose list holds this identity (the CLI is an operator or an observer). */
        public ZkIdentities.Kind kindAmong(ZkIdentities.Kind... kinds) {
            String digest = digestId();
            for (ZkIdentities.Kind kind : kinds) {
                if (identities.of(kind).contains(digest)) {
                    return kind;
                }
            }
            requireKind(kinds[0]);
            return kinds[0];
        }

        /** Throws unless this identity is listed among {@code kind}'s: the nodes it creates would lock it out. */
        public void requireKind(ZkIdentities.Kind kind) {
            if (!identities.of(kind).contains(digestId())) {
                throw new FieldException("auth", "user " + user + " with the password in "
                        + passwordFile.path() + " is not among identities." + kind.field()
                        + " (its digest id must be listed there; mysql-discovery zk-acl digest prints it)");
            }
        }
    }
}
