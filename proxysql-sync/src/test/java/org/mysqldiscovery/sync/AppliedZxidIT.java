package org.mysqldiscovery.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.sync.harness.SyncFixture;

/**
 * The contract convergence waits rely on: once the sync publishes appliedZxid ≥ Z, ProxySQL's runtime reflects every
 * change up to zxid Z. Checked at the earliest moment a waiter could look, many times over.
 */
class AppliedZxidIT {
    static final int ROUNDS = 40;

    @TempDir
    Path dir;
    SyncFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = SyncFixture.create(dir, "AppliedZxidIT");
        fx.startSync();
        fx.agents.register("orders", Role.PRIMARY, "db0:3306");
        long zxid = fx.agents.register("orders", Role.REPLICA, "keep:3306");
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.appliedZxid() >= zxid);
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void an_applied_zxid_at_or_past_a_deletion_means_runtime_no_longer_has_the_instance() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String instance = "gone" + round + ":3306";
            long created = fx.agents.register("orders", Role.REPLICA, instance);
            awaitAppliedZxid(created);
            assertThat(fx.admin.routed(9011, 9011)).as("round %d: registered at zxid %d", round, created)
                    .contains("9011 " + instance);

            long z = fx.agents.deregister("orders", Role.REPLICA, instance);
            awaitAppliedZxid(z);
            // The first moment a waiter sees appliedZxid >= Z, runtime must already be without the instance.
            List<String> routed = fx.admin.routed(9011, 9011);
            assertThat(routed).as("round %d: deleted at zxid %d", round, z).doesNotContain("9011 " + instance)
                    .contains("9011 keep:3306");
        }
    }

    @Test
    void an_applied_zxid_at_or_past_a_quarantine_means_runtime_no_longer_routes_the_primary() throws Exception {
        long z = fx.agents.quarantine("db0:3306");
        awaitAppliedZxid(z);
        assertThat(fx.admin.routed(9010, 9011)).containsExactly("9011 keep:3306");
    }

    private void awaitAppliedZxid(long zxid) {
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> fx.appliedZxid() >= zxid);
    }
}
