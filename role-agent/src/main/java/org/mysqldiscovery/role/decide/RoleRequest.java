package org.mysqldiscovery.role.decide;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;

/**
 * A validated {@code PUT /v1/role} body.
 *
 * @param role         the role to take
 * @param instance     the instance the caller means; must be this agent's
 * @param reason       why (free text, shown in the audit log and the failover notice)
 * @param expectedRole compare-and-set: the role the caller believes is current, or null
 * @param supersedes   promotion only: the old primary to quarantine, or null
 * @param recoveryUid  Orchestrator's recovery id, or null
 */
public record RoleRequest(Role role, Instance instance, String reason, Role expectedRole, Instance supersedes,
        String recoveryUid) {

    public RoleRequest {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(reason, "reason");
        if (supersedes != null && !role.isPrimary()) {
            throw new IllegalArgumentException("supersedes: only allowed when the role is primary");
        }
        if (supersedes != null && supersedes.equals(instance)) {
            throw new IllegalArgumentException("supersedes: names the instance itself");
        }
    }

    public Optional<Role> expected() {
        return Optional.ofNullable(expectedRole);
    }

    public Optional<Instance> superseded() {
        return Optional.ofNullable(supersedes);
    }

    /** The request as the audit log shows it (it carries no secrets). */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", role.token());
        out.put("instance", instance.spelling());
        out.put("reason", reason);
        if (expectedRole != null) {
            out.put("expectedRole", expectedRole.token());
        }
        if (supersedes != null) {
            out.put("supersedes", supersedes.spelling());
        }
        if (recoveryUid != null) {
            out.put("recoveryUid", recoveryUid);
        }
        return out;
    }
}
