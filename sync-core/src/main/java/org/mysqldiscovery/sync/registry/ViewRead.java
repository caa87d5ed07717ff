package org.mysqldiscovery.sync.registry;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.mysqldiscovery.sync.plan.View;

/**
 * A view read from ZooKeeper, with the nodes that could not be used.
 *
 * @param problems  path → why the node was ignored (a quarantine node with a bad payload still quarantines)
 * @param untrusted the registrations among {@code problems} ignored because their ACL does not say a health agent
 *                  wrote them
 */
public record ViewRead(View view, Map<String, String> problems, Set<String> untrusted) {
    public ViewRead {
        Objects.requireNonNull(view, "view");
        problems = Map.copyOf(problems);
        untrusted = Set.copyOf(untrusted);
    }

    public ViewRead(View view, Map<String, String> problems) {
        this(view, problems, Set.of());
    }
}
