package org.mysqldiscovery.common.zk;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/** Builds the suite's Curator clients from {@link ZkSettings}. The caller starts and closes the client. */
public final class ZkClientFactory {
    private ZkClientFactory() {
    }

    public static CuratorFramework create(ZkSettings settings) {
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(settings.connectString())
                .sessionTimeoutMs(settings.sessionTimeoutMillis())
                .connectionTimeoutMs(settings.connectionTimeoutMillis())
                .retryPolicy(new BoundedExponentialBackoffRetry(settings.retryBaseSleepMillis(),
                        settings.retryMaxSleepMillis(), settings.retryMaxRetries()));
        if (settings.auth() != null) {
            ZkSettings.Auth auth = settings.auth();
            String credentials = auth.user() + ":" + auth.passwordFile().value();
            builder.authorization("digest", credentials.getBytes(StandardCharsets.UTF_8))
                    .aclProvider(aclProvider(auth.user(), auth.passwordFile().value(), auth.writers()));
        }
        return builder.build();
    }

    /** Read for everyone (operators inspect the view), all rights only for the suite's identities. */
    static ACLProvider aclProvider(String user, String password, List<String> writers) {
        List<ACL> acls = new ArrayList<>();
        acls.add(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
        acls.add(new ACL(ZooDefs.Perms.ALL, new Id("digest", digest(user, password))));
        for (String writer : writers) {
            acls.add(new ACL(ZooDefs.Perms.ALL, new Id("digest", writer)));
        }
        // Not List.copyOf: ZooKeeper calls contains(null) on it, which immutable lists refuse.
        List<ACL> fixed = java.util.Collections.unmodifiableList(acls);
        return new ACLProvider() {
            @Override
            public List<ACL> getDefaultAcl() {
                return fixed;
            }

            @Override
            public List<ACL> getAclForPath(String path) {
                return fixed;
            }
        };
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
