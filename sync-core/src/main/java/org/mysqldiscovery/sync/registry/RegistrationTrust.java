package org.mysqldiscovery.sync.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mysqldiscovery.common.zk.ZkIdentities;
import org.mysqldiscovery.common.zk.ZkSettings;

/**
 * Whether a registration node's ACL says a health agent wrote it (pure rule; the ACL is read at the edge). ZooKeeper
 * does not record who created a node, but the parents only let health-agent identities create registrations, and a
 * health agent gives its node {@code read,write} for the health-agent identities and all rights to the operators,
 * nothing beyond read to anyone else. A node whose ACL says otherwise was made by someone else (a tree from before
 * ACLs, a stranger in a parent left world-writable, a misconfigured program) and is not routed:
 * <ul>
 * <li>any right beyond READ held by an id that is not a listed health-agent or operator digest (world:anyone, ip:…,
 *     another identity) → untrusted: someone else can rewrite or it was not written by the suite;</li>
 * <li>no listed health-agent identity holds WRITE → untrusted: a health agent did not create it.</li>
 * </ul>
 * Read rights are not judged: they cannot move writes. Extra listed identities are fine, so identities can be
 * rotated (add the new one everywhere, restart the agents, then drop the old one).
 *
 * <p>ZooKeeper shows the digest of an id only to a client with ADMIN on the node; the sync (read only) sees
 * {@code user:x}. A redacted id is then matched by its user name: a node whose writers all bear the names of listed
 * identities but not their passwords can be written by nobody but the suite, so it is still one the suite made or
 * the operators allowed.
 */
public final class RegistrationTrust {
    /** One ACL entry: scheme ({@code digest}, {@code world}, {@code ip}…), id, ZooKeeper permission bits. */
    public record AclEntry(String scheme, String id, int perms) {
        public AclEntry {
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(id, "id");
        }
    }

    private static final int READ = 1;
    private static final int WRITE = 2;

    private static final String REDACTED = ":x";

    private final Set<String> healthAgents;
    private final Set<String> operators;
    private final Set<String> healthAgentUsers;
    private final Set<String> operatorUsers;

    private RegistrationTrust(Set<String> healthAgents, Set<String> operators) {
        this.healthAgents = healthAgents;
        this.operators = operators;
        this.healthAgentUsers = users(healthAgents);
        this.operatorUsers = users(operators);
    }

    private static Set<String> users(Set<String> ids) {
        return ids == null ? null : ids.stream().map(id -> id.substring(0, id.indexOf(':'))).collect(
                java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** A full digest id listed, or one redacted to {@code user:x} whose user is listed (a real digest never ends so). */
    private static boolean listed(Set<String> ids, Set<String> users, String id) {
        if (ids.contains(id)) {
            return true;
        }
        return id.endsWith(REDACTED) && users.contains(id.substring(0, id.length() - REDACTED.length()));
    }

    /** Trust what the suite's health agents write, as configured in {@code identities}. */
    public static RegistrationTrust of(ZkIdentities identities) {
        return new RegistrationTrust(Set.copyOf(identities.healthAgents()), Set.copyOf(identities.operators()));
    }

    /** What a program with these settings trusts: the configured identities, or nothing judged under the opt-out. */
    public static RegistrationTrust of(ZkSettings settings) {
        return settings.auth() == null ? unchecked() : of(settings.auth().identities());
    }

    /** The opt-out ({@code allowUnauthenticated}): every node is world-writable anyway, ACLs are not judged. */
    public static RegistrationTrust unchecked() {
        return new RegistrationTrust(null, null);
    }

    public boolean checks() {
        return healthAgents != null;
    }

    /** Why the node cannot be trusted, or empty when it can. {@code acl} null: it could not be read. */
    public Optional<String> problem(List<AclEntry> acl) {
        if (healthAgents == null) {
            return Optional.empty();
        }
        if (acl == null) {
            return Optional.of("untrusted: its ACL could not be read");
        }
        boolean agentWrites = false;
        for (AclEntry entry : acl) {
            boolean digest = entry.scheme().equals("digest");
            boolean listedAgent = digest && listed(healthAgents, healthAgentUsers, entry.id());
            boolean listedOperator = digest && listed(operators, operatorUsers, entry.id());
            if ((entry.perms() & ~READ) != 0 && !listedAgent && !listedOperator) {
                return Optional.of("untrusted: its ACL grants " + perms(entry.perms()) + " to " + entry.scheme() + ":"
                        + abbreviate(entry.id()) + ", which is not a health-agent or operator identity (not written"
                        + " by a health agent; mysql-discovery zk-acl check)");
            }
            agentWrites |= listedAgent && (entry.perms() & WRITE) != 0;
        }
        if (!agentWrites) {
            return Optional.of("untrusted: no health-agent identity may write it, so no health agent created it"
                    + " (mysql-discovery zk-acl check)");
        }
        return Optional.empty();
    }

    private static String abbreviate(String id) {
        return id.length() > 64 ? id.substring(0, 64) + "…" : id;
    }

    private static String perms(int perms) {
        String letters = "rwcda";
        StringBuilder s = new StringBuilder();
        for (int bit = 0; bit < 5; bit++) {
            if ((perms & (1 << bit)) != 0) {
                s.append(letters.charAt(bit));
            }
        }
        return s.toString();
    }
}
