package org.mysqldiscovery.role.decide;

import java.time.Instant;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;

/** The decision rules of {@code PUT /v1/drain}. Pure. */
public final class DrainRules {
    private DrainRules() {
    }

    public static DrainDecision decide(Instance self, CurrentRole current, DrainRequest request, Instant now) {
        if (!request.instance().equals(self)) {
            return new DrainDecision.Refuse("instance", "the request is for " + request.instance().spelling()
                    + " but this agent serves " + self.spelling());
        }
        if (current.role() == null) {
            return new DrainDecision.Refuse("role", "cannot drain: the current role is unknown: "
                    + current.unreadable());
        }
        if (current.role() != Role.PRIMARY) {
            // Only a primary is drained: a replica's reads are not what a switchover must pause.
            return new DrainDecision.Refuse("role", "cannot drain: this instance is " + current.role().token()
                    + ", not primary");
        }
        return new DrainDecision.Start(now.plusSeconds(request.seconds()));
    }
}
