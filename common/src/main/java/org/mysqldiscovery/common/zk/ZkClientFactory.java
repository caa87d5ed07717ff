package org.mysqldiscovery.common.zk;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the suite's Curator clients from {@link ZkSettings}. The caller starts and closes the client. */
public final class ZkClientFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ZkClientFactory.class);

    private ZkClientFactory() {
    }

    /**
     * A client authenticated as the settings' identity, which must be one of {@code kind}'s, writing the suite's ACLs
     * ({@link ZkAclPolicy}). Without an identity (the explicit opt-out) it logs a warning: every node it creates is
     * world-writable.
     */
    public static CuratorFramework create(ZkSettings settings, ZkIdentities.Kind kind) {
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(settings.connectString())
                .sessionTimeoutMs(settings.sessionTimeoutMillis())
                .connectionTimeoutMs(settings.connectionTimeoutMillis())
                .retryPolicy(new BoundedExponentialBackoffRetry(settings.retryBaseSleepMillis(),
                        settings.retryMaxSleepMillis(), settings.retryMaxRetries()));
        if (settings.auth() != null) {
            ZkSettings.Auth auth = settings.auth();
            auth.requireKind(kind);
            String credentials = auth.user() + ":" + auth.passwordFile().value();
            builder.authorization("digest", credentials.getBytes(StandardCharsets.UTF_8))
                    .aclProvider(settings.aclPolicy().aclProvider());
        } else {
            LOG.warn("ZooKeeper authentication is OFF (zookeeper.allowUnauthenticated: true): this {} has no identity"
                    + " and the nodes it creates are world-writable; anyone who reaches ZooKeeper at {} can move a"
                    + " schema's writes", kind.program(), settings.connectString());
        }
        return builder.build();
    }

    /** The ZooKeeper digest id {@code user:base64(sha1(user:password))} for an identity. */
    public static String digest(String user, String password) {
        try {
            return DigestAuthenticationProvider.generateDigest(user + ":" + password);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA1 is not available in this JVM", e);
        }
    }
}
