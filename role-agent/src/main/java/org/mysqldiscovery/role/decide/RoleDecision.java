package org.mysqldiscovery.role.decide;

import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;

/** What to do with a {@code PUT /v1/role}. */
public sealed interface RoleDecision {

    /** Refused with 409: the request does not apply to this agent or to its current role. */
    record Refuse(String field, String reason) implements RoleDecision {
    }

    /** Already in that role: answer {@code changed: false} and do nothing else (no quarantine, no page). */
    record Unchanged(Role role) implements RoleDecision {
    }

    /**
     * Change the role.
     *
     * @param from       the role before, or null when the file was unreadable
     * @param to         the new role
     * @param quarantine the instance to quarantine before the flip, or null
     * @param fence      set this host's mysqld read-only before answering
     */
    record Change(Role from, Role to, Instance quarantine, boolean fence) implements RoleDecision {
        public boolean promotion() {
            return to.isPrimary();
        }
    }
}
