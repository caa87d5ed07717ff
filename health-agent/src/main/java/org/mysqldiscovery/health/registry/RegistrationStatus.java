package org.mysqldiscovery.health.registry;

/**
 * What the registrar holds.
 *
 * @param path      the node it holds (or is creating), null when none
 * @param confirmed the node was created by this session (and not lost since)
 * @param problem   why it is not confirmed, or null
 */
public record RegistrationStatus(String path, boolean confirmed, String problem) {
    public static RegistrationStatus none() {
        return new RegistrationStatus(null, false, null);
    }
}
