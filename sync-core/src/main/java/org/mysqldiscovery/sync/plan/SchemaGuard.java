package org.mysqldiscovery.sync.plan;

/** The guard state of one schema in a plan. */
public enum SchemaGuard {
    /** One primary (or no primary hostgroup mapped): applied. */
    OK("ok"),
    /** More than one non-quarantined primary: refused, the schema's rows stay as they are in ProxySQL. */
    DOUBLE_PRIMARY("double-primary"),
    /** No primary: applied (ProxySQL holds writes for an empty writer hostgroup); paged if it lasts. */
    NO_PRIMARY("no-primary");

    private final String token;

    SchemaGuard(String token) {
        this.token = token;
    }

    /** The spelling in the status node's {@code guards} map. */
    public String token() {
        return token;
    }

    public boolean refuses() {
        return this == DOUBLE_PRIMARY;
    }
}
