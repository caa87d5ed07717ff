package org.mysqldiscovery.role.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.page.PageEvent;

class FailoverNoticeTest {
    private static final Instance NEW = Instance.parse("db2:3306");
    private static final Instance OLD = Instance.parse("db1:3306");
    private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void a_quarantined_failover_is_an_info_page_naming_both_instances_and_the_clear_command() {
        PageEvent page = FailoverNotice.of(NEW, "orders", OLD, true, "wrote /q", "123:abc", "failover", AT);
        assertThat(page.severity()).isEqualTo(PageEvent.Severity.INFO);
        assertThat(page.action()).isEqualTo(PageEvent.Action.TRIGGER);
        assertThat(page.summary()).contains("db2:3306 promoted", "db1:3306 is quarantined",
                "mysql-discovery quarantine clear db1:3306", "orders", "operator");
        assertThat(page.details()).containsEntry("promoted", "db2:3306").containsEntry("quarantined", "db1:3306")
                .containsEntry("recoveryUid", "123:abc");
        assertThat(page.dedupKey()).isEqualTo("mysql-discovery/failover/db1:3306/123:abc");
        assertThat(page.source()).isEqualTo("db2:3306");
    }

    @Test
    void a_failed_quarantine_is_an_error_page_that_says_so() {
        PageEvent page = FailoverNotice.of(NEW, null, OLD, false, "ZooKeeper did not confirm", null, "failover", AT);
        assertThat(page.severity()).isEqualTo(PageEvent.Severity.ERROR);
        assertThat(page.summary()).contains("FAILED", "ZooKeeper did not confirm", "by hand");
        assertThat(page.dedupKey()).isEqualTo("mysql-discovery/failover/db1:3306/" + AT.toEpochMilli());
    }

    @Test
    void a_very_long_key_is_hashed_to_fit_pagerduty() {
        String key = FailoverNotice.dedupKey(OLD, "1".repeat(256), AT);
        assertThat(key).hasSizeLessThanOrEqualTo(255).startsWith("mysql-discovery/failover/");
    }
}
