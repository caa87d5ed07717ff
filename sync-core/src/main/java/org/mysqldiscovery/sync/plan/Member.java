package org.mysqldiscovery.sync.plan;

import java.util.Objects;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

/**
 * One registration of the view: {@code instance} serves {@code schema} in {@code role}.
 *
 * @param weight         from the registration; 0 means "use the role's default"
 * @param maxConnections from the registration; 0 means "use the role's default"
 * @param datacenter     from the registration; empty when it names none (then it is never local to a sync)
 */
public record Member(SchemaName schema, Role role, Instance instance, int weight, int maxConnections,
        String datacenter) {
    public Member {
        Objects.requireNonNull(schema, "schema");
        datacenter = datacenter == null ? "" : datacenter;
        if (datacenter.length() > Registration.MAX_DATACENTER_LENGTH) {
            throw new IllegalArgumentException("member datacenter is longer than "
                    + Registration.MAX_DATACENTER_LENGTH + " characters");
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(instance, "instance");
        Range.checkValue("member weight", weight, 0, Registration.MAX_WEIGHT);
        Range.checkValue("member maxConnections", maxConnections, 0, ServerRow.MAX_CONNECTIONS);
    }

    /** A member whose registration names no datacenter. */
    public Member(SchemaName schema, Role role, Instance instance, int weight, int maxConnections) {
        this(schema, role, instance, weight, maxConnections, "");
    }

    public static Member of(String schema, Role role, String instance) {
        return new Member(SchemaName.of(schema), role, Instance.parse(instance), 0, 0);
    }

    /** The same member, registered in {@code datacenter}. */
    public Member in(String datacenter) {
        return new Member(schema, role, instance, weight, maxConnections, datacenter);
    }
}
