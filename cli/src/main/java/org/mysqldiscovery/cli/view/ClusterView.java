package org.mysqldiscovery.cli.view;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.model.SyncStatus;

/**
 * One read of the suite's ZooKeeper tree: registrations, quarantines, sync statuses, and what could not be read.
 * Not atomic (ZooKeeper has no multi-read), but {@link #zxid()} is the highest change zxid of everything read under
 * {@code mysql/} and {@code quarantine/}: a sync whose {@code appliedZxid} reaches it has seen all of this view.
 *
 * @param root          the suite's root path
 * @param zxid          max of the {@code pzxid} and {@code mzxid} of the relevant nodes (0 for an empty tree)
 * @param schemas       schema nodes found under {@code mysql/} (valid names only)
 * @param registrations every readable registration node
 * @param quarantines   every quarantine node, readable or not
 * @param syncs         every sync status node, readable or not
 * @param problems      nodes that could not be understood
 */
public record ClusterView(String root, long zxid, SortedSet<SchemaName> schemas, List<RegistrationEntry> registrations,
        List<QuarantineEntry> quarantines, List<SyncEntry> syncs, List<Problem> problems) {

    public ClusterView {
        schemas = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(schemas));
        registrations = List.copyOf(registrations);
        quarantines = List.copyOf(quarantines);
        syncs = List.copyOf(syncs);
        problems = List.copyOf(problems);
    }

    /**
     * A registration node. {@code registration} is null when its payload is malformed (the problem is listed);
     * the node still counts, as a sync would see it exist.
     */
    public record RegistrationEntry(SchemaName schema, Role role, Instance instance, Registration registration,
            long mzxid) {
        public RegistrationEntry {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(instance, "instance");
        }
    }

    /**
     * A quarantine node: it keeps the instance out whether or not its payload is readable.
     *
     * @param record  the payload, or null when malformed ({@code problem} says why)
     * @param ctime   when the node was created (ZooKeeper's clock)
     * @param version the node's data version (for versioned deletes)
     */
    public record QuarantineEntry(Instance instance, QuarantineRecord record, String problem, Instant ctime,
            int version, long mzxid) {
        public QuarantineEntry {
            Objects.requireNonNull(instance, "instance");
        }
    }

    /** A sync status node; {@code status} null when malformed ({@code problem} says why). */
    public record SyncEntry(Instance proxysql, SyncStatus status, String problem) {
        public SyncEntry {
            Objects.requireNonNull(proxysql, "proxysql");
        }
    }

    /** A node that could not be understood, and why. */
    public record Problem(String path, String message) {
    }

    public Set<Instance> quarantined() {
        return quarantines.stream().map(QuarantineEntry::instance).collect(Collectors.toSet());
    }

    public Optional<QuarantineEntry> quarantine(Instance instance) {
        return quarantines.stream().filter(q -> q.instance().equals(instance)).findFirst();
    }

    public List<RegistrationEntry> registrationsOf(Instance instance) {
        return registrations.stream().filter(r -> r.instance().equals(instance)).toList();
    }

    public List<RegistrationEntry> in(SchemaName schema) {
        return registrations.stream().filter(r -> r.schema().equals(schema)).toList();
    }

    /** The primaries of a schema that are not quarantined: what a sync would route writes to. */
    public List<Instance> effectivePrimaries(SchemaName schema) {
        Set<Instance> quarantined = quarantined();
        return registrations.stream()
                .filter(r -> r.schema().equals(schema) && r.role() == Role.PRIMARY)
                .map(RegistrationEntry::instance)
                .filter(i -> !quarantined.contains(i))
                .sorted().toList();
    }

    /** Every schema with a registration or a schema node. */
    public SortedSet<SchemaName> allSchemas() {
        SortedSet<SchemaName> all = new TreeSet<>(schemas);
        registrations.forEach(r -> all.add(r.schema()));
        return all;
    }
}
