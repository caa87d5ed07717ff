package org.mysqldiscovery.sandbox;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One schema (MariaDB cluster) of the sandbox.
 *
 * @param name              schema name, {@code [a-z0-9][a-z0-9_-]{0,63}}
 * @param servers           servers in all (1..9): the first is the primary
 * @param reportingReplicas how many of the replicas (the last ones) are reporting replicas
 */
public record SchemaSpec(String name, int servers, int reportingReplicas) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public SchemaSpec {
        Objects.requireNonNull(name, "schema name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("schema name must match [a-z0-9][a-z0-9_-]{0,63}: '" + name + "'");
        }
        if (servers < 1 || servers > 9) {
            throw new IllegalArgumentException("schema " + name + ": servers must be 1..9, not " + servers);
        }
        if (reportingReplicas < 0 || reportingReplicas > servers - 1) {
            throw new IllegalArgumentException("schema " + name + ": reportingReplicas must be 0.." + (servers - 1)
                    + ", not " + reportingReplicas);
        }
    }
}
