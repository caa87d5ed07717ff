package org.mysqldiscovery.sync.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.MalformedPayloadException;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.sync.plan.Member;
import org.mysqldiscovery.sync.plan.View;

/**
 * Turns znodes ({@code mysql/…} and {@code quarantine/…}) into a {@link View}. The path is the identity of a
 * registration; its payload must agree with it, or the node is ignored and reported (a registration that lies about
 * itself is not routed), and its ACL must say a health agent wrote it ({@link RegistrationTrust}). A quarantine node
 * quarantines by its presence, whatever its payload or ACL (trusting a stray quarantine errs on the safe side).
 *
 * <p>Decoded registrations are memoised by path and version, so re-reading a large unchanged view costs little.
 */
public final class ViewBuilder {
    private final ZkLayout layout;
    private final RegistrationTrust trust;
    private final Map<String, Decoded> memo = new HashMap<>();
    // One SchemaName object per schema: lookups keyed by schema then hit on identity, not on comparing strings.
    private final Map<SchemaName, SchemaName> schemaNames = new HashMap<>();

    /**
     * A znode: path, version ({@code Stat.mzxid}, or -1 when unknown), payload and ACL (null when not read: a
     * registration is then untrusted when ACLs are checked).
     */
    public record Node(String path, long mzxid, byte[] data, List<RegistrationTrust.AclEntry> acl) {
        public Node {
            Objects.requireNonNull(path, "path");
            acl = acl == null ? null : List.copyOf(acl);
        }

        public Node(String path, long mzxid, byte[] data) {
            this(path, mzxid, data, null);
        }
    }

    private static final class Decoded {
        private final long mzxid;
        private final Member member;
        private final String problem;
        // The trust verdict of the last ACL judged: judged again whenever the ACL differs.
        private List<RegistrationTrust.AclEntry> judgedAcl;
        private Optional<String> verdict;

        Decoded(long mzxid, Member member, String problem) {
            this.mzxid = mzxid;
            this.member = member;
            this.problem = problem;
        }

        long mzxid() {
            return mzxid;
        }

        Member member() {
            return member;
        }

        String problem() {
            return problem;
        }
    }

    private Optional<String> trusted(Decoded decoded, Node node) {
        if (!trust.checks()) {
            return Optional.empty();
        }
        if (decoded.verdict == null || !Objects.equals(decoded.judgedAcl, node.acl())) {
            decoded.verdict = trust.problem(node.acl());
            decoded.judgedAcl = node.acl();
        }
        return decoded.verdict;
    }


    /** A builder that does not judge ACLs (the opt-out, and tests of the payload rules). */
    public ViewBuilder(ZkLayout layout) {
        this(layout, RegistrationTrust.unchecked());
    }

    public ViewBuilder(ZkLayout layout, RegistrationTrust trust) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    /** Not thread-safe (the memo): one builder per reader thread. */
    public ViewRead build(Iterable<Node> mysqlNodes, Iterable<Node> quarantineNodes) {
        Map<String, String> problems = new HashMap<>();
        List<Member> members = new ArrayList<>();
        List<Map.Entry<Member, Long>> written = new ArrayList<>();
        Set<String> untrustedPaths = new HashSet<>();
        int registrations = 0;
        for (Node node : mysqlNodes) {
            Decoded decoded = decodeRegistration(node);
            if (decoded == null) {
                continue; // an intermediate node (schema or role directory)
            }
            registrations++;
            Optional<String> untrusted = decoded.member() == null ? Optional.empty() : trusted(decoded, node);
            if (untrusted.isPresent()) {
                problems.put(node.path(), untrusted.get());
                untrustedPaths.add(node.path());
            } else if (decoded.member() != null) {
                members.add(decoded.member());
                written.add(Map.entry(decoded.member(), node.mzxid()));
            } else {
                problems.put(node.path(), decoded.problem());
            }
        }
        if (memo.size() != registrations) {
            // Some remembered node is gone (every node read was remembered, so equal sizes mean nothing is stale).
            Set<String> seen = new HashSet<>(registrations * 2);
            for (Node node : mysqlNodes) {
                seen.add(node.path());
            }
            memo.keySet().retainAll(seen);
        }

        Set<Instance> quarantined = new HashSet<>();
        for (Node node : quarantineNodes) {
            Optional<Instance> instance;
            try {
                instance = layout.parseChildInstance(layout.quarantineRoot(), node.path());
            } catch (IllegalArgumentException e) {
                problems.put(node.path(), "not a quarantine of a valid instance: " + e.getMessage());
                continue;
            }
            if (instance.isEmpty()) {
                continue;
            }
            quarantined.add(instance.get());
            try {
                PayloadCodec.decodeQuarantine(node.data(), node.path());
            } catch (MalformedPayloadException e) {
                problems.put(node.path(), "quarantine payload unreadable (the instance stays quarantined): "
                        + e.getMessage());
            }
        }
        return new ViewRead(new View(members, quarantined), problems, untrustedPaths, new WrittenZxids(written));
    }

    private Decoded decodeRegistration(Node node) {
        Decoded cached = memo.get(node.path());
        // A znode's mzxid names one version of it (a rewrite or a re-creation moves it): no need to compare bytes.
        if (cached != null && cached.mzxid() == node.mzxid() && node.mzxid() >= 0) {
            return cached;
        }
        Optional<ZkLayout.RegistrationPath> path;
        try {
            path = layout.parseRegistrationPath(node.path());
        } catch (IllegalArgumentException e) {
            return remember(node, null, "not a registration path: " + e.getMessage());
        }
        if (path.isEmpty()) {
            return null;
        }
        ZkLayout.RegistrationPath where = path.get();
        Registration registration;
        try {
            registration = PayloadCodec.decodeRegistration(node.data(), node.path());
        } catch (MalformedPayloadException e) {
            return remember(node, null, "registration payload unreadable: " + e.getMessage());
        }
        Instance instance = registration.instance();
        if (!instance.equals(where.instance())) {
            return remember(node, null, "payload names instance " + instance + ", path names " + where.instance());
        }
        if (!where.schema().value().equals(registration.schema())) {
            return remember(node, null, "payload names schema " + registration.schema() + ", path names "
                    + where.schema());
        }
        if (!where.role().token().equals(registration.role())) {
            return remember(node, null, "payload names role " + registration.role() + ", path names "
                    + where.role());
        }
        if (schemaNames.size() > 4 * Math.max(1024, memo.size())) {
            schemaNames.clear(); // bounded: names of schemas long gone are not kept forever
        }
        SchemaName schema = schemaNames.computeIfAbsent(where.schema(), s -> s);
        Member member = new Member(schema, where.role(), where.instance(), registration.weight(),
                registration.maxConnections(), registration.datacenter());
        return remember(node, member, null);
    }

    private Decoded remember(Node node, Member member, String problem) {
        Decoded decoded = new Decoded(node.mzxid(), member, problem);
        memo.put(node.path(), decoded);
        return decoded;
    }
}
