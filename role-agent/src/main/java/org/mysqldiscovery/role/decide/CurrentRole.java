package org.mysqldiscovery.role.decide;

import java.util.Optional;
import org.mysqldiscovery.common.model.Role;

/**
 * What the role file says right now: a role, or why it could not be read (missing, garbage).
 *
 * @param role       the role, or null when unreadable
 * @param unreadable why the file could not be read, or null
 */
public record CurrentRole(Role role, String unreadable) {
    public CurrentRole {
        if ((role == null) == (unreadable == null)) {
            throw new IllegalArgumentException("exactly one of role and unreadable");
        }
    }

    public static CurrentRole of(Role role) {
        return new CurrentRole(role, null);
    }

    public static CurrentRole unreadable(String why) {
        return new CurrentRole(null, why);
    }

    public Optional<Role> known() {
        return Optional.ofNullable(role);
    }

    public boolean is(Role expected) {
        return role == expected;
    }

    @Override
    public String toString() {
        return role != null ? role.token() : "unreadable (" + unreadable + ")";
    }
}
