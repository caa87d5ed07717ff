package org.mysqldiscovery.role.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.mysqldiscovery.common.metrics.Telemetry;
import org.mysqldiscovery.role.http.RoleMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.files.RoleFileException;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.page.PageEvent;
import org.mysqldiscovery.role.decide.RoleRequest;
import org.mysqldiscovery.role.drain.DrainWait;
import org.mysqldiscovery.role.fence.FenceOutcome;
import org.mysqldiscovery.role.quarantine.QuarantineOutcome;

/**
 * The order of a role change, observed at the edges against a real role directory: each edge records what the
 * role file said when it was called.
 */
class RoleServiceTest {
    private static final Instance SELF = Instance.parse("db2:3306");
    private static final Instance OLD = Instance.parse("db1:3306");

    @TempDir
    Path dir;
    private RoleDirectory directory;
    private final List<String> events = new ArrayList<>();
    private RoleService service;

    @BeforeEach
    void setUp() throws Exception {
        directory = new RoleDirectory(dir);
        directory.writeSchema(SchemaName.of("orders"));
        directory.writeRole(Role.REPLICA);
        service = new RoleService(SELF, directory,
                (instance, record) -> {
                    events.add("quarantine " + instance + " while role=" + roleNow());
                    return new QuarantineOutcome(QuarantineOutcome.Status.WRITTEN, "ok");
                },
                () -> {
                    events.add("fence while role=" + roleNow());
                    return new FenceOutcome(FenceOutcome.Status.DONE, "read_only=ON");
                },
                (schema, self, deadline, still) -> new DrainWait(DrainWait.Outcome.CONFIRMED, "syncs", null, "", 0),
                new org.mysqldiscovery.common.page.Pager() {
                    @Override
                    public void send(PageEvent event) {
                        events.add("page " + event.severity().token() + " while role=" + roleNow());
                    }
                },
                Clock.systemUTC(), true, Duration.ofSeconds(2), new RoleMetrics(Telemetry.bare("role-agent")));
    }

    private String roleNow() {
        try {
            return directory.readRole().token();
        } catch (RoleFileException e) {
            return "unreadable";
        }
    }

    @Test
    void a_promotion_with_supersedes_quarantines_before_the_flip_and_pages_after_it() {
        Outcome reply = service.putRole(new RoleRequest(Role.PRIMARY, SELF, "failover", null, OLD, "1:a"));
        assertThat(reply.kind()).isEqualTo(Outcome.Kind.DONE);
        assertThat(events).containsExactly("quarantine db1:3306 while role=replica", "page info while role=primary");
    }

    @Test
    void a_demotion_flips_then_fences_before_answering() throws Exception {
        directory.writeRole(Role.PRIMARY);
        directory.writeDrainUntil(java.time.Instant.now().plusSeconds(30));
        Outcome reply = service.putRole(new RoleRequest(Role.REPLICA, SELF, "demote", null, null, null));
        assertThat(reply.kind()).isEqualTo(Outcome.Kind.DONE);
        assertThat(events).containsExactly("fence while role=replica");
        assertThat(reply.body()).containsEntry("drainEnded", true);
        assertThat(directory.readDrainUntil()).isEmpty();
    }

    @Test
    void a_repeat_calls_no_edge_at_all() throws Exception {
        directory.writeRole(Role.PRIMARY);
        Outcome reply = service.putRole(new RoleRequest(Role.PRIMARY, SELF, "again", null, OLD, "1:a"));
        assertThat(reply.body()).containsEntry("changed", false);
        assertThat(events).isEmpty();
    }

    @Test
    void a_refused_request_calls_no_edge_at_all() {
        Outcome reply = service.putRole(new RoleRequest(Role.PRIMARY, OLD, "misrouted", null, null, null));
        assertThat(reply.kind()).isEqualTo(Outcome.Kind.REFUSED);
        assertThat(events).isEmpty();
    }
}
