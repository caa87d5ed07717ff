package org.mysqldiscovery.health.check;

import java.util.Objects;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

/** What the agent would register: a mysqld in a (schema, role), or a ProxySQL host (tcp mode). */
public sealed interface Target permits Target.Mysql, Target.Proxysql {

    /** The role, or empty for ProxySQL hosts. */
    String describe();

    record Mysql(SchemaName schema, Role role) implements Target {
        public Mysql {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(role, "role");
        }

        @Override
        public String describe() {
            return "schema " + schema + ", role " + role;
        }
    }

    record Proxysql() implements Target {
        @Override
        public String describe() {
            return "proxysql";
        }
    }
}
