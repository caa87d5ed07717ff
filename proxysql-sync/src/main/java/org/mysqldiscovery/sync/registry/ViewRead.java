package org.mysqldiscovery.sync.registry;

import java.util.Map;
import java.util.Objects;
import org.mysqldiscovery.sync.plan.View;

/**
 * A view read from ZooKeeper, with the nodes that could not be used.
 *
 * @param problems path → why the node was ignored (a quarantine node with a bad payload still quarantines)
 */
public record ViewRead(View view, Map<String, String> problems) {
    public ViewRead {
        Objects.requireNonNull(view, "view");
        problems = Map.copyOf(problems);
    }
}
