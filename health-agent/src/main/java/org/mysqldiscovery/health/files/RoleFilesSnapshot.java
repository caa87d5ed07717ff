package org.mysqldiscovery.health.files;

import java.util.ArrayList;
import java.util.List;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.health.check.CheckNames;
import org.mysqldiscovery.health.check.CheckResult;
import org.mysqldiscovery.health.check.CheckStatus;
import org.mysqldiscovery.health.check.DrainFileState;
import org.mysqldiscovery.health.check.Target;

/**
 * The role directory as read at one moment.
 *
 * @param schema         the schema, or null when unreadable
 * @param schemaProblem  why the schema is unreadable, or null
 * @param role           the role, or null when unreadable
 * @param roleProblem    why the role is unreadable, or null
 * @param drain          the drain lease file
 * @param readMillis     how long reading took
 */
public record RoleFilesSnapshot(SchemaName schema, String schemaProblem, Role role, String roleProblem,
        DrainFileState drain, long readMillis) {

    /** What to register, or null when the schema or role cannot be read. */
    public Target target() {
        return schema != null && role != null ? new Target.Mysql(schema, role) : null;
    }

    public CheckResult gate() {
        List<String> problems = new ArrayList<>();
        if (schemaProblem != null) {
            problems.add(schemaProblem);
        }
        if (roleProblem != null && !roleProblem.equals(schemaProblem)) {
            problems.add(roleProblem);
        }
        if (problems.isEmpty()) {
            return new CheckResult(CheckNames.ROLE_FILES, CheckStatus.PASS, "schema " + schema + ", role " + role,
                    readMillis);
        }
        return new CheckResult(CheckNames.ROLE_FILES, CheckStatus.FAIL, String.join("; ", problems), readMillis);
    }
}
