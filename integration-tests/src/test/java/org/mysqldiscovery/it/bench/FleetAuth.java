package org.mysqldiscovery.it.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.mysqldiscovery.common.zk.ZkAclPolicy;
import org.mysqldiscovery.common.zk.ZkClientFactory;
import org.mysqldiscovery.common.zk.ZkIdentities;
import org.mysqldiscovery.common.zk.ZkLayout;

/**
 * The suite's ZooKeeper ACL scheme in the fleet: one digest identity per program (health agents, role agents, syncs,
 * operator), passwords drawn per run and handed to the child JVMs in the environment (never on a command line),
 * every node created with {@link ZkAclPolicy}'s ACL, as the programs do through {@code ZkClientFactory}.
 */
record FleetAuth(String secret) {
    static final String ENV = "FLEET_ZK_SECRET";

    static FleetAuth random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return new FleetAuth(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    static FleetAuth fromEnvironment() {
        String secret = System.getenv(ENV);
        if (secret == null || secret.isEmpty()) {
            throw new IllegalStateException(ENV + " is not set: the coordinator passes it");
        }
        return new FleetAuth(secret);
    }

    String password(ZkIdentities.Kind kind) {
        return secret + "-" + kind.program();
    }

    /** {@code user:password} of a program, for {@code addAuthInfo("digest", …)}. */
    byte[] credentials(ZkIdentities.Kind kind) {
        return (kind.program() + ":" + password(kind)).getBytes(StandardCharsets.UTF_8);
    }

    ZkAclPolicy policy(ZkLayout layout) {
        return ZkAclPolicy.of(layout, identities());
    }

    /** What a sync of this fleet trusts: registrations whose ACL says a health agent wrote them, as in production. */
    org.mysqldiscovery.sync.registry.RegistrationTrust trust() {
        return org.mysqldiscovery.sync.registry.RegistrationTrust.of(identities());
    }

    private ZkIdentities identities() {
        return new ZkIdentities(id(ZkIdentities.Kind.HEALTH_AGENT), id(ZkIdentities.Kind.ROLE_AGENT),
                id(ZkIdentities.Kind.SYNC), id(ZkIdentities.Kind.OPERATOR));
    }

    /** A Curator builder authenticated as {@code kind}, writing the suite's ACLs. */
    CuratorFrameworkFactory.Builder curator(CuratorFrameworkFactory.Builder builder, ZkIdentities.Kind kind,
            ZkLayout layout) {
        return builder.authorization("digest", credentials(kind)).aclProvider(policy(layout).aclProvider());
    }

    private List<String> id(ZkIdentities.Kind kind) {
        return List.of(ZkClientFactory.digest(kind.program(), password(kind)));
    }
}
