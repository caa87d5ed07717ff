package org.mysqldiscovery.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mysqldiscovery.cli.view.ClusterView;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.model.SyncMode;
import org.mysqldiscovery.common.model.SyncStatus;

/** The status document's flags and convergence, from views built by hand. */
class StatusReportTest {
    static final Instant NOW = Instant.parse("2026-01-02T03:09:05Z");
    static final SchemaName ORDERS = SchemaName.of("orders");

    /**
     * @param registrations {@code role:instance} entries of schema orders, space-separated
     * @param quarantined   instances, space-separated
     * @param known         known schemas, space-separated; {@code -} for none configured
     * @param flags         expected flags of orders, space-separated
     */
    @ParameterizedTest(name = "[{0}] quarantined [{1}] known [{2}] → [{3}]")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "primary:db1:3306 replica:db2:3306|''|-|''",
            "primary:db1:3306 primary:db4:3306|''|-|double-primary",
            "primary:db1:3306 primary:db4:3306|db4:3306|-|''",
            "primary:db1:3306 primary:db4:3306|db1:3306 db4:3306|-|no-primary",
            "replica:db2:3306|''|-|no-primary",
            "primary:db1:3306|''|users|unknown-schema",
            "primary:db1:3306|''|orders users|''",
            "primary:db1:3306 primary:db4:3306 primary:db5:3306|''|users|double-primary unknown-schema"})
    void flags(String registrations, String quarantined, String known, String flags) {
        List<ClusterView.RegistrationEntry> entries = new ArrayList<>();
        for (String entry : registrations.split(" ")) {
            int colon = entry.indexOf(':');
            Role role = Role.fromToken(entry.substring(0, colon));
            Instance instance = Instance.parse(entry.substring(colon + 1));
            entries.add(new ClusterView.RegistrationEntry(ORDERS, role, instance,
                    Registration.ofMysql(instance, ORDERS, role, "dc1", 1, 1, NOW, "t"), 1));
        }
        List<ClusterView.QuarantineEntry> quarantines = new ArrayList<>();
        for (String q : quarantined.isEmpty() ? new String[0] : quarantined.split(" ")) {
            quarantines.add(new ClusterView.QuarantineEntry(Instance.parse(q),
                    new QuarantineRecord("r", "x", NOW, null), null, NOW, 0, 1));
        }
        Optional<Set<SchemaName>> knownSchemas = known.equals("-") ? Optional.empty()
                : Optional.of(new TreeSet<>(java.util.Arrays.stream(known.split(" ")).map(SchemaName::of).toList()));
        ClusterView view = new ClusterView("/r", 7, new TreeSet<>(Set.of(ORDERS)), entries, quarantines, List.of(),
                List.of());

        StatusReport report = StatusReport.of(view, NOW, Optional.of(ORDERS), knownSchemas);

        assertThat(String.join(" ", report.schemas().get(0).flags())).isEqualTo(flags);
        assertThat(report.healthy()).isEqualTo(flags.isEmpty());
    }

    @ParameterizedTest(name = "applied {0}, blind {1}, mode {2} → converged {3}")
    @CsvSource({"7, false, apply, true", "6, false, apply, false", "7, true, apply, false", "99, false, apply, true",
            "-1, false, dry-run, false"})
    void a_sync_has_converged_when_it_trusts_its_view_and_applied_up_to_the_views_zxid(long applied, boolean blind,
            String mode, boolean converged) {
        SyncStatus status = new SyncStatus("proxy1:6032", SyncMode.fromToken(mode), "d", NOW, applied, blind, Map.of(), "t");
        ClusterView view = new ClusterView("/r", 7, new TreeSet<>(), List.of(), List.of(),
                List.of(new ClusterView.SyncEntry(Instance.parse("proxy1:6032"), status, null)), List.of());

        StatusReport report = StatusReport.of(view, NOW, Optional.empty(), Optional.empty());

        assertThat(report.syncs().get(0).converged()).isEqualTo(converged && !mode.equals("dry-run"));
        // A dry-run sync is not waited for, so alone it leaves nothing to confirm convergence with.
        assertThat(report.converged()).isEqualTo(converged);
    }
}
