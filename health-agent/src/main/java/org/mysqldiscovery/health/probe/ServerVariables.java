package org.mysqldiscovery.health.probe;

/**
 * The global variables the checks need.
 *
 * @param readOnly            {@code read_only}
 * @param superReadOnly       {@code super_read_only}, or null on servers without it (MariaDB)
 */
public record ServerVariables(boolean readOnly, Boolean superReadOnly) {
    public boolean hasSuperReadOnly() {
        return superReadOnly != null;
    }
}
