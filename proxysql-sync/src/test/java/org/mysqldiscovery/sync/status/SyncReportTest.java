package org.mysqldiscovery.sync.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncReportTest {
    final SyncReport full = new SyncReport("proxysql-1:6032", "apply", true, false, null, "CONNECTED", 42, "d1",
            Instant.ofEpochSecond(1), Instant.ofEpochSecond(2), Instant.ofEpochSecond(3),
            new SyncReport.ErrorInfo(Instant.ofEpochSecond(4), "zookeeper", "lost"), 2,
            List.of(new SyncReport.GuardInfo("blind", "*", Instant.ofEpochSecond(5), false, "blind")),
            new SyncReport.PollTimeout(2_000L, 2_000, false, null), new SyncReport.Named(1, List.of("s")),
            new SyncReport.Named(0, List.of()), null, new SyncReport.Counts(1, 2, 3, 4, 5, 6, 7, 8), 4, 9,
            new SyncReport.Settle(false, null, 30_000, 0, List.of()));

    @Test
    void a_report_rebuilt_unchanged_is_equal_to_itself() {
        assertThat(full.toBuilder().build()).isEqualTo(full);
    }

    @Test
    void changing_one_field_keeps_every_other() {
        SyncReport stopped = full.toBuilder().running(false).build();
        assertThat(stopped.running()).isFalse();
        assertThat(stopped).usingRecursiveComparison().ignoringFields("running").isEqualTo(full);
    }

    @Test
    void a_report_built_from_nothing_says_nothing_is_known_yet() {
        SyncReport starting = SyncReport.builder("proxysql-1:6032", "dry-run").blind(true, "starting").build();
        assertThat(starting.running()).isFalse();
        assertThat(starting.blind()).isTrue();
        assertThat(starting.blindReason()).isEqualTo("starting");
        assertThat(starting.appliedZxid()).as("never applied").isEqualTo(-1);
        assertThat(starting.consecutiveFailures()).isZero();
        assertThat(starting.guards()).isEmpty();
    }
}
