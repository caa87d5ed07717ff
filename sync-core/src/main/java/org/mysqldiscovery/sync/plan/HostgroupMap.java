package org.mysqldiscovery.sync.plan;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

/**
 * The hostgroups this sync owns: schema → hostgroup per role. Every (schema, role) maps to its own hostgroup; a
 * hostgroup used twice is refused (two owners of one hostgroup would undo each other's rows).
 */
public final class HostgroupMap {
    private final Map<SchemaName, SchemaHostgroups> schemas;
    private final Map<Integer, Slot> byHostgroup;

    /** Which (schema, role) a managed hostgroup belongs to. */
    public record Slot(SchemaName schema, Role role) {
    }

    public HostgroupMap(Map<SchemaName, SchemaHostgroups> schemas) {
        Objects.requireNonNull(schemas, "schemas");
        if (schemas.isEmpty()) {
            throw new IllegalArgumentException("at least one schema is required");
        }
        Map<Integer, Slot> slots = new HashMap<>();
        for (Map.Entry<SchemaName, SchemaHostgroups> entry : new TreeMap<>(schemas).entrySet()) {
            for (Role role : Role.values()) {
                OptionalInt hostgroup = entry.getValue().hostgroup(role);
                if (hostgroup.isEmpty()) {
                    continue;
                }
                Slot slot = new Slot(entry.getKey(), role);
                Slot previous = slots.putIfAbsent(hostgroup.getAsInt(), slot);
                if (previous != null) {
                    throw new FieldException(entry.getKey() + "." + role.token(), "hostgroup "
                            + hostgroup.getAsInt() + " is already used by " + previous.schema() + "."
                            + previous.role().token() + " (each schema and role needs its own hostgroup)");
                }
            }
        }
        this.schemas = Collections.unmodifiableMap(new TreeMap<>(schemas));
        this.byHostgroup = Map.copyOf(slots);
    }

    public Map<SchemaName, SchemaHostgroups> schemas() {
        return schemas;
    }

    public Optional<SchemaHostgroups> schema(SchemaName schema) {
        return Optional.ofNullable(schemas.get(schema));
    }

    public boolean manages(int hostgroup) {
        return byHostgroup.containsKey(hostgroup);
    }

    public Optional<Slot> slot(int hostgroup) {
        return Optional.ofNullable(byHostgroup.get(hostgroup));
    }

    /** Every managed hostgroup id, ascending. */
    public Set<Integer> managedHostgroups() {
        return Collections.unmodifiableSet(new TreeSet<>(byHostgroup.keySet()));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostgroupMap map && map.schemas.equals(schemas);
    }

    @Override
    public int hashCode() {
        return schemas.hashCode();
    }

    @Override
    public String toString() {
        return "HostgroupMap" + schemas;
    }
}
