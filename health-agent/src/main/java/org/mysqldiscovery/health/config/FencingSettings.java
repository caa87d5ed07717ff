package org.mysqldiscovery.health.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Fencing of a quarantined instance: Orchestrator never fences a crashed primary that comes back, it returns writable.
 *
 * @param enabled when true (default), a quarantined instance whose mysqld is writable is set {@code read_only=ON}
 *                (and {@code super_read_only=ON} where the server has it)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FencingSettings(Boolean enabled) {
    public FencingSettings {
        enabled = enabled == null ? Boolean.TRUE : enabled;
    }

    public static FencingSettings defaults() {
        return new FencingSettings(null);
    }
}
