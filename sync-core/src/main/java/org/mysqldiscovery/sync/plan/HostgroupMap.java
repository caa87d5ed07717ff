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
 * The hostgroups this sync owns: schema → hostgroup per role, and per reader role optionally a remote hostgroup (its
 * replicas in other datacenters). Every (schema, role, remote) maps to its own hostgroup; a hostgroup used twice is
 * refused (two owners of one hostgroup would undo each other's rows).
 */
public final class HostgroupMap {
    private final Map<SchemaName, SchemaHostgroups> schemas;
    private final Map<Integer, Slot> byHostgroup;

    /**
     * Which (schema, role) a managed hostgroup belongs to.
     *
     * @param remote true for the role's remote hostgroup (its replicas in other datacenters)
     */
    public record Slot(SchemaName schema, Role role, boolean remote) {
        /** The role's own hostgroup. */
        public Slot(SchemaName schema, Role role) {
            this(schema, role, false);
        }

        /** {@code schema.role} or {@code schema.role-remote}, as the config spells it. */
        @Override
        public String toString() {
            return schema + "." + SchemaHostgroups.key(role, remote);
        }
    }

    public HostgroupMap(Map<SchemaName, SchemaHostgroups> schemas) {
        Objects.requireNonNull(schemas, "schemas");
        if (schemas.isEmpty()) {
            throw new IllegalArgumentException("at least one schema is required");
        }
        Map<Integer, Slot> slots = new HashMap<>();
        for (Map.Entry<SchemaName, SchemaHostgroups> entry : new TreeMap<>(schemas).entrySet()) {
            for (boolean remote : new boolean[] {false, true}) {
                for (Role role : Role.values()) {
                    OptionalInt hostgroup = remote ? entry.getValue().remoteHostgroup(role)
                            : entry.getValue().hostgroup(role);
                    if (hostgroup.isEmpty()) {
                        continue;
                    }
                    Slot slot = new Slot(entry.getKey(), role, remote);
                    Slot previous = slots.putIfAbsent(hostgroup.getAsInt(), slot);
                    if (previous != null) {
                        throw new FieldException(slot.toString(), "hostgroup " + hostgroup.getAsInt()
                                + " is already used by " + previous + " (each schema and role, and each remote"
                                + " hostgroup, needs its own hostgroup)");
                    }
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
