package org.mysqldiscovery.role.testing;

import org.mysqldiscovery.common.metrics.Telemetry;
import org.mysqldiscovery.role.http.RoleMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.page.Pager;
import org.mysqldiscovery.role.decide.RoleRequest;
import org.mysqldiscovery.role.drain.DrainWait;
import org.mysqldiscovery.role.fence.FenceOutcome;
import org.mysqldiscovery.role.quarantine.QuarantineOutcome;
import org.mysqldiscovery.role.service.Outcome;
import org.mysqldiscovery.role.service.RoleService;

/**
 * The child process of the crash-safety test: flips the role through the agent's own write path
 * ({@link RoleService#putRole}) as fast as it can, forever, until it is killed with -9.
 */
public final class RoleFlipperMain {
    private RoleFlipperMain() {
    }

    public static void main(String[] args) {
        Instance self = Instance.parse("127.0.0.1:3306");
        RoleService service = new RoleService(self, new RoleDirectory(Path.of(args[0])),
                (instance, record) -> new QuarantineOutcome(QuarantineOutcome.Status.WRITTEN, "not used"),
                () -> FenceOutcome.skipped("not used"),
                (schema, instance, deadline, still) -> new DrainWait(DrainWait.Outcome.CONFIRMED, "syncs", null, "",
                        0),
                new Pager() {
                    @Override
                    public void send(org.mysqldiscovery.common.page.PageEvent event) {
                    }
                },
                Clock.systemUTC(), false, Duration.ofSeconds(1), new RoleMetrics(Telemetry.bare("role-agent")));
        Role[] cycle = {Role.PRIMARY, Role.REPLICA, Role.REPORTING_REPLICA};
        for (long i = 0; ; i++) {
            Outcome.Kind outcome = service.putRole(new RoleRequest(cycle[(int) (i % cycle.length)], self, "flip " + i,
                    null, null, null)).kind();
            if (outcome != Outcome.Kind.DONE) {
                System.err.println("flip " + i + " answered " + outcome);
                System.exit(3);
            }
        }
    }
}
