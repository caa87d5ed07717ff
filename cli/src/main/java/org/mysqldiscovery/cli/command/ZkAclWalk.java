package org.mysqldiscovery.cli.command;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.mysqldiscovery.common.zk.ZkAclPolicy;

/** Reads the ACL of every node under the root (the root included) and compares it with the policy's. */
final class ZkAclWalk {
    /** Bound on the nodes visited: the suite has a few per MySQL host; more means something else lives here. */
    static final int MAX_NODES = 200_000;

    private final CuratorFramework client;
    private final ZkAclPolicy policy;

    ZkAclWalk(CuratorFramework client, ZkAclPolicy policy) {
        this.client = client;
        this.policy = policy;
    }

    /** One node: its ACL, the policy's, and the ACL version to set against. */
    record Finding(String path, List<ACL> actual, List<ACL> expected, int aclVersion) {
        /**
         * Whether the node has the policy's ACL. ZooKeeper hides the digests ({@code user:x}) from a client without
         * ADMIN on the node (an observer): then the users and rights are compared, which is all it can see.
         */
        boolean matches() {
            boolean redacted = actual.stream().anyMatch(a -> a.getId().getScheme().equals("digest")
                    && a.getId().getId().endsWith(":x"));
            if (!redacted) {
                return new HashSet<>(actual).equals(new HashSet<>(expected));
            }
            return visible(actual).equals(visible(expected));
        }

        private static java.util.Set<String> visible(List<ACL> acl) {
            return acl.stream().map(a -> {
                String id = a.getId().getId();
                if (a.getId().getScheme().equals("digest") && id.indexOf(':') > 0) {
                    id = id.substring(0, id.indexOf(':'));
                }
                return a.getId().getScheme() + ":" + id + ":" + a.getPerms();
            }).collect(Collectors.toSet());
        }

        String actualText() {
            return text(actual);
        }

        String expectedText() {
            return text(expected);
        }

        private static String text(List<ACL> acl) {
            return acl.stream().map(a -> a.getId().getScheme() + ":" + a.getId().getId() + ":" + perms(a.getPerms()))
                    .collect(Collectors.joining(",", "[", "]"));
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

    List<Finding> walk() {
        List<Finding> findings = new ArrayList<>();
        Deque<String> pending = new ArrayDeque<>();
        pending.push(policy.layout().root());
        try {
            while (!pending.isEmpty()) {
                if (findings.size() >= MAX_NODES) {
                    throw CliException.usage("more than " + MAX_NODES + " nodes under " + policy.layout().root()
                            + ": stopped (is the root right?)");
                }
                String path = pending.pop();
                Stat stat = new Stat();
                List<ACL> acl;
                List<String> children;
                try {
                    acl = client.getACL().storingStatIn(stat).forPath(path);
                    children = client.getChildren().forPath(path);
                } catch (KeeperException.NoNodeException e) {
                    continue;
                } catch (KeeperException.NoAuthException e) {
                    // Cannot list it: report it with what we know (getACL needs no right, getChildren READ).
                    findings.add(new Finding(path, List.of(), policy.aclFor(path), -1));
                    continue;
                }
                findings.add(new Finding(path, acl, policy.aclFor(path), stat.getAversion()));
                for (String child : children) {
                    pending.push(ZKPaths.makePath(path, child));
                }
            }
        } catch (CliException e) {
            throw e;
        } catch (Exception e) {
            throw CliException.usage(ZkFailures.describe("cannot read the ACLs under " + policy.layout().root(), e));
        }
        return findings;
    }
}
