package org.mysqldiscovery.common.zk;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mysqldiscovery.common.config.FieldException;

/**
 * The suite's ZooKeeper identities, by kind, as digest ids {@code user:base64(sha1(user:password))} (what ZooKeeper's
 * {@code DigestAuthenticationProvider.generateDigest} prints). Every program gets the same lists: the ACLs of a path
 * ({@link ZkAclPolicy}) are built from them, so whoever creates a node, it gets the same ACL. Digest ids are not the
 * passwords, but a weak password can be guessed from its digest: use long random passwords.
 *
 * @param healthAgents identities of the health agents: create and delete registrations ({@code mysql/…},
 *                     {@code proxysql/…})
 * @param roleAgents   identities of the role agents: create quarantines
 * @param syncs        identities of the proxysql-syncs: own {@code sync/…}
 * @param operators    identities of the operator CLI: everything (clear quarantines, fix ACLs)
 * @param observers    optional read-only identities (the CLI's pre-check and status on Orchestrator hosts): read only
 */
public record ZkIdentities(List<String> healthAgents, List<String> roleAgents, List<String> syncs,
                           List<String> operators, List<String> observers) {
    private static final int MAX_IDS = 1_000;

    /** The kind of program an identity belongs to. */
    public enum Kind {
        HEALTH_AGENT("healthAgents", "health-agent"), ROLE_AGENT("roleAgents", "role-agent"),
        SYNC("syncs", "proxysql-sync"), OPERATOR("operators", "operator"), OBSERVER("observers", "observer");

        private final String field;
        private final String program;

        Kind(String field, String program) {
            this.field = field;
            this.program = program;
        }

        /** The program (and default user name) of this kind. */
        public String program() {
            return program;
        }

        /** The config field listing this kind's identities. */
        public String field() {
            return field;
        }
    }

    public ZkIdentities {
        healthAgents = ids("healthAgents", healthAgents);
        roleAgents = ids("roleAgents", roleAgents);
        syncs = ids("syncs", syncs);
        operators = ids("operators", operators);
        observers = observers == null || observers.isEmpty() ? List.of() : ids("observers", observers);
    }

    /** Without read-only observers. */
    public ZkIdentities(List<String> healthAgents, List<String> roleAgents, List<String> syncs,
            List<String> operators) {
        this(healthAgents, roleAgents, syncs, operators, null);
    }

    private static List<String> ids(String field, List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw new FieldException("identities." + field, "at least one digest id"
                    + " user:base64(sha1(user:password)) is required");
        }
        if (ids.size() > MAX_IDS) {
            throw new FieldException("identities." + field, "more than " + MAX_IDS + " ids");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String id : ids) {
            if (id == null || !id.matches("[^:\\s]{1,256}:[A-Za-z0-9+/]{27}=")) {
                throw new FieldException("identities." + field, abbreviate(id)
                        + " is not a digest id user:base64(sha1(user:password))");
            }
            unique.add(id);
        }
        return List.copyOf(new ArrayList<>(unique));
    }

    private static String abbreviate(String id) {
        return id == null ? "null" : id.length() > 80 ? id.substring(0, 80) + "…" : id;
    }

    /** Throws (field-prefixed message) unless the settings' identity, if any, is listed among {@code kind}'s. */
    public static void requireOwnKind(ZkSettings settings, Kind kind) {
        if (settings != null && settings.auth() != null) {
            try {
                settings.auth().requireKind(kind);
            } catch (IllegalArgumentException e) {
                throw FieldException.under("zookeeper", e);
            }
        }
    }

    public List<String> of(Kind kind) {
        return switch (kind) {
            case HEALTH_AGENT -> healthAgents;
            case ROLE_AGENT -> roleAgents;
            case SYNC -> syncs;
            case OPERATOR -> operators;
            case OBSERVER -> observers;
        };
    }

    /** Every identity of the suite, each once. */
    public Set<String> all() {
        Set<String> all = new LinkedHashSet<>();
        for (Kind kind : Kind.values()) {
            all.addAll(of(kind));
        }
        return all;
    }
}
