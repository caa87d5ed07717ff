package org.mysqldiscovery.it.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.sync.plan.HostgroupMap;
import org.mysqldiscovery.sync.plan.SchemaHostgroups;

/**
 * The simulated fleet: registration i is MySQL host i, in schema {@code i / perSchema}; the first of a schema is its
 * primary, the last (with 3 or more per schema) its reporting replica, the others replicas. Probe k (the instance
 * whose role the benchmark flips) lives in schema k and is never part of the fleet.
 */
record FleetShape(int registrations, int schemas) {
    static final String PROBE_PREFIX = "192.0.2.";
    static final int PORT = 3306;

    FleetShape {
        if (schemas < 1 || registrations < schemas || registrations % schemas != 0) {
            throw new IllegalArgumentException("registrations " + registrations + " must be a multiple of schemas "
                    + schemas);
        }
    }

    record Slot(SchemaName schema, Role role, Instance instance) {
    }

    int perSchema() {
        return registrations / schemas;
    }

    Slot slot(int i) {
        int per = perSchema();
        int j = i % per;
        Role role = j == 0 ? Role.PRIMARY : (per > 2 && j == per - 1) ? Role.REPORTING_REPLICA : Role.REPLICA;
        return new Slot(schema(i / per), role, new Instance("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "."
                + (i & 255), PORT));
    }

    static SchemaName schema(int s) {
        return SchemaName.of("s" + s);
    }

    static Instance probe(int k) {
        return new Instance(PROBE_PREFIX + (k % 250 + 1), PORT + k / 250);
    }

    static int hostgroup(int schema, Role role) {
        return 10_000 + 3 * schema + role.ordinal();
    }

    /** Every sync maps every schema: each one watches and routes the whole fleet (the design today). */
    HostgroupMap hostgroups() {
        Map<SchemaName, SchemaHostgroups> map = new LinkedHashMap<>();
        for (int s = 0; s < schemas; s++) {
            map.put(schema(s), new SchemaHostgroups(hostgroup(s, Role.PRIMARY), hostgroup(s, Role.REPLICA),
                    hostgroup(s, Role.REPORTING_REPLICA)));
        }
        return new HostgroupMap(map);
    }
}
