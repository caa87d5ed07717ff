package org.mysqldiscovery.sync.page;

import org.mysqldiscovery.common.page.PageEvent;

/** Conditions the sync pages for. */
public enum ConditionKind {
    DOUBLE_PRIMARY("double-primary", PageEvent.Severity.CRITICAL),
    NO_PRIMARY("no-primary", PageEvent.Severity.CRITICAL),
    MASS_REMOVAL("mass-removal", PageEvent.Severity.CRITICAL),
    HOSTGROUP_CONFLICT("hostgroup-conflict", PageEvent.Severity.CRITICAL),
    BLIND("blind", PageEvent.Severity.ERROR),
    ADMIN_ERROR("admin-error", PageEvent.Severity.ERROR),
    PRIMARY_MOVED_DATACENTER("primary-moved-datacenter", PageEvent.Severity.ERROR);

    private final String token;
    private final PageEvent.Severity severity;

    ConditionKind(String token, PageEvent.Severity severity) {
        this.token = token;
        this.severity = severity;
    }

    public String token() {
        return token;
    }

    public PageEvent.Severity severity() {
        return severity;
    }
}
