package org.mysqldiscovery.sync.plan;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mysqldiscovery.common.model.Instance;

/**
 * What ZooKeeper says right now: every registration and every quarantined instance. Complete by construction: a
 * doubtful view (ZooKeeper suspended, cache not initialised) is never turned into a {@code View}.
 *
 * @param members     registrations, in any order
 * @param quarantined instances that must never be routed, whatever their registrations say
 */
public record View(List<Member> members, Set<Instance> quarantined) {
    public View {
        members = List.copyOf(Objects.requireNonNull(members, "members"));
        quarantined = Set.copyOf(Objects.requireNonNull(quarantined, "quarantined"));
    }

    public static View empty() {
        return new View(List.of(), Set.of());
    }
}
