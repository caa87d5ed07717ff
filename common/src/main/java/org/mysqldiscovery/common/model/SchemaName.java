package org.mysqldiscovery.common.model;

import java.util.regex.Pattern;

/** One MySQL cluster (a vertical shard). Its spelling is also a ZooKeeper path segment, hence the strict pattern. */
public record SchemaName(String value) implements Comparable<SchemaName> {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public SchemaName {
        if (value == null) {
            throw new IllegalArgumentException("schema name is missing");
        }
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("schema name " + Quoting.quote(value)
                    + " is invalid: it must match [a-z0-9][a-z0-9_-]{0,63} (lower case, at most 64 characters, no '/' or '.')");
        }
    }

    public static SchemaName of(String value) {
        return new SchemaName(value);
    }

    @Override
    public int compareTo(SchemaName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
