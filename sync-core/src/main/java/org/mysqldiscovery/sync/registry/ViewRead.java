package org.mysqldiscovery.sync.registry;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.mysqldiscovery.sync.plan.Member;
import org.mysqldiscovery.sync.plan.View;

/**
 * A view read from ZooKeeper, with the nodes that could not be used.
 *
 * @param problems  path → why the node was ignored (a quarantine node with a bad payload still quarantines)
 * @param untrusted the registrations among {@code problems} ignored because their ACL does not say a health agent
 *                  wrote them
 * @param written   the zxid at which each member's registration was last written ({@code Stat.mzxid}); a member
 *                  missing here counts as written at an unknown, old zxid
 */
public record ViewRead(View view, Map<String, String> problems, Set<String> untrusted, Map<Member, Long> written) {
    public ViewRead {
        Objects.requireNonNull(view, "view");
        problems = Map.copyOf(problems);
        untrusted = Set.copyOf(untrusted);
        // ViewBuilder's own map is unmodifiable already and hashes only when read: kept as it is.
        written = written instanceof WrittenZxids ? written : Map.copyOf(written);
    }

    public ViewRead(View view, Map<String, String> problems, Set<String> untrusted) {
        this(view, problems, untrusted, Map.of());
    }

    public ViewRead(View view, Map<String, String> problems) {
        this(view, problems, Set.of());
    }

    /** The zxid at which {@code member}'s registration was last written, or -1 when unknown. */
    public long writtenZxid(Member member) {
        Long zxid = written.get(member);
        return zxid == null ? -1 : zxid;
    }
}
