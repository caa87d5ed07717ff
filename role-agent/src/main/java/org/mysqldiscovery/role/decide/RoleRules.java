package org.mysqldiscovery.role.decide;

import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;

/** The decision rules of {@code PUT /v1/role}. Pure: no files, no ZooKeeper, no clock. */
public final class RoleRules {
    private RoleRules() {
    }

    /**
     * @param self            this agent's instance
     * @param current         what the role file says now
     * @param request         the validated request
     * @param fenceOnDemotion whether demotions fence mysqld
     */
    public static RoleDecision decide(Instance self, CurrentRole current, RoleRequest request,
            boolean fenceOnDemotion) {
        if (!request.instance().equals(self)) {
            // A misrouted hook (wrong host, wrong port, another spelling) must not move this host.
            return new RoleDecision.Refuse("instance", "the request is for " + request.instance().spelling()
                    + " but this agent serves " + self.spelling());
        }
        if (request.expectedRole() != null) {
            if (current.role() == null) {
                return new RoleDecision.Refuse("expectedRole", "expected role " + request.expectedRole().token()
                        + " but the current role is unknown: " + current.unreadable());
            }
            if (current.role() != request.expectedRole()) {
                return new RoleDecision.Refuse("expectedRole", "expected role " + request.expectedRole().token()
                        + " but the current role is " + current.role().token());
            }
        }
        if (current.role() == request.role()) {
            return new RoleDecision.Unchanged(current.role());
        }
        Instance quarantine = request.role().isPrimary() ? request.supersedes() : null;
        // Fence whenever this host may have been writable: it was primary, or nobody can tell (unreadable file).
        boolean fence = fenceOnDemotion && !request.role().isPrimary()
                && (current.role() == null || current.role() == Role.PRIMARY);
        return new RoleDecision.Change(current.role(), request.role(), quarantine, fence);
    }
}
