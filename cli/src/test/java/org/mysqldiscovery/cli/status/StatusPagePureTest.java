package org.mysqldiscovery.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mysqldiscovery.cli.command.StatusReport;
import org.mysqldiscovery.cli.command.StatusReport.InstanceStatus;
import org.mysqldiscovery.cli.command.StatusReport.QuarantineStatus;
import org.mysqldiscovery.cli.command.StatusReport.SchemaStatus;
import org.mysqldiscovery.cli.command.StatusReport.SyncStatusView;
import org.mysqldiscovery.common.http.BearerAuth;

class StatusPagePureTest {
    private static final Instant T = Instant.parse("2026-12-07T08:00:00Z");
    private static final String TOKEN = "token-0123456789abcdef";

    private static SyncStatusView sync(boolean converged, Map<String, String> guards) {
        return new SyncStatusView("127.0.0.1:6032", "apply", 10L, T, false, converged, guards, "1", null);
    }

    private static SchemaStatus schema(List<String> flags, Map<String, String> guards, String... primaries) {
        return new SchemaStatus("orders", flags, List.of(primaries), guards, List.of(
                new InstanceStatus("10.0.0.1:3306", "primary", false, "dc1", 1, 100, T, "1", null, List.of())));
    }

    private static StatusReport report(List<SchemaStatus> schemas, List<QuarantineStatus> quarantines,
            List<SyncStatusView> syncs) {
        return new StatusReport("/mysql-discovery", 10, true, true, schemas, quarantines, syncs, List.of(), List.of(),
                List.of());
    }

    @ParameterizedTest(name = "flags {0}, guard {1}, converged {2} → {3}")
    @CsvSource({
            "double-primary, ok, true, double-primary",
            "no-primary, double-primary, false, no-primary",
            "'', double-primary, true, guarded",
            "'', ok, false, not-converged",
            "'', ok, true, ok",
            "unknown-schema, ok, true, ok"})
    void a_schema_state_is_the_worst_of_flags_guards_and_convergence(String flag, String guard, boolean converged,
            String expected) {
        List<String> flags = flag == null || flag.isEmpty() ? List.of() : List.of(flag);
        assertThat(SchemaState.of(schema(flags, Map.of("127.0.0.1:6032", guard)), List.of(sync(converged, Map.of()))))
                .isEqualTo(expected);
    }

    @Test
    void a_schema_no_sync_reports_on_is_not_converged() {
        assertThat(SchemaState.of(schema(List.of(), Map.of()), List.of())).isEqualTo(SchemaState.NOT_CONVERGED);
    }

    @Test
    void the_timeline_tells_a_second_primary_its_red_state_and_its_guard() {
        StatusReport before = report(List.of(schema(List.of(), Map.of(), "10.0.0.1:3306")), List.of(),
                List.of(sync(true, Map.of())));
        SchemaStatus doubled = new SchemaStatus("orders", List.of("double-primary"),
                List.of("10.0.0.1:3306", "10.0.0.2:3306"), Map.of("127.0.0.1:6032", "double-primary"), List.of(
                        before.schemas().get(0).instances().get(0),
                        new InstanceStatus("10.0.0.2:3306", "primary", false, "dc1", 1, 100, T, "1", null, List.of())));
        List<SyncStatusView> syncs = List.of(sync(true, Map.of("orders", "double-primary")));
        StatusReport after = report(List.of(doubled), List.of(), syncs);
        List<String> texts = Timeline.diff(before, after, syncs, T).stream().map(StatusEvent::text).toList();
        assertThat(texts).containsExactly("10.0.0.2:3306 registered as primary of orders",
                "orders: ok → double-primary",
                "sync 127.0.0.1:6032 holds a double-primary guard on orders (it changes nothing there and pages)");
        assertThat(Timeline.diff(after, before, before.syncs(), T).stream().map(StatusEvent::text).toList())
                .containsExactly("10.0.0.2:3306 is no longer registered as primary of orders",
                        "orders: double-primary → ok", "sync 127.0.0.1:6032 released its double-primary guard on orders");
    }

    @Test
    void the_timeline_does_not_log_every_wait_for_the_syncs_to_apply() {
        StatusReport converged = report(List.of(schema(List.of(), Map.of(), "10.0.0.1:3306")), List.of(),
                List.of(sync(true, Map.of())));
        StatusReport applying = report(converged.schemas(), List.of(), List.of(sync(false, Map.of())));
        assertThat(Timeline.diff(converged, applying, applying.syncs(), T)).isEmpty();
    }

    @Test
    void the_timeline_tells_quarantines_with_their_reason() {
        QuarantineStatus q = new QuarantineStatus("10.0.0.2:3306", "disk replaced", "alice@ops", T, 5, null,
                List.of("orders/replica"), null);
        StatusReport without = report(List.of(), List.of(), List.of());
        StatusReport with = report(List.of(), List.of(q), List.of());
        assertThat(Timeline.diff(without, with, List.of(), T)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("quarantine");
            assertThat(e.schema()).isEqualTo("orders");
            assertThat(e.text()).isEqualTo("10.0.0.2:3306 quarantined: disk replaced by alice@ops");
        });
        assertThat(Timeline.diff(with, without, List.of(), T)).singleElement()
                .satisfies(e -> assertThat(e.text()).isEqualTo("quarantine of 10.0.0.2:3306 cleared"));
    }

    private static SyncStatusView syncWith(Instant settlingUntil, Integer held, Map<String, String> paged) {
        return new SyncStatusView("127.0.0.1:6032", "apply", 10L, T, false, true, Map.of(), "1", null, settlingUntil,
                held, paged);
    }

    @Test
    void the_timeline_tells_each_page_a_sync_opens_and_resolves() {
        StatusReport quiet = report(List.of(), List.of(), List.of(syncWith(null, null, Map.of())));
        StatusReport paging = report(List.of(), List.of(), List.of(syncWith(null, null,
                Map.of("orders", "double-primary,primary-moved-datacenter", "*", "mass-removal"))));
        assertThat(Timeline.diff(quiet, paging, paging.syncs(), T)).extracting(StatusEvent::kind, StatusEvent::schema,
                StatusEvent::text).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("page", null,
                                "sync 127.0.0.1:6032 paged: mass-removal on * (incident open until the condition clears)"),
                        org.assertj.core.groups.Tuple.tuple("page", "orders", "sync 127.0.0.1:6032 paged: double-primary "
                                + "on orders (incident open until the condition clears)"),
                        org.assertj.core.groups.Tuple.tuple("page", "orders", "sync 127.0.0.1:6032 paged: "
                                + "primary-moved-datacenter on orders (incident open until the condition clears)"));
        assertThat(Timeline.diff(paging, quiet, quiet.syncs(), T)).extracting(StatusEvent::text).contains(
                "sync 127.0.0.1:6032 resolved its double-primary page on orders");
        StatusReport gone = report(List.of(), List.of(), List.of());
        assertThat(Timeline.diff(paging, gone, gone.syncs(), T)).extracting(StatusEvent::text)
                .allMatch(t -> t.contains("is gone with its") && t.contains("open"));
    }

    @Test
    void hostile_page_subjects_stay_text_and_do_not_break_the_timeline() {
        StatusReport quiet = report(List.of(), List.of(), List.of(syncWith(null, null, Map.of())));
        StatusReport hostile = report(List.of(), List.of(), List.of(syncWith(null, null,
                Map.of("<img src=x onerror=alert(1)> a b", " ,,<b>x</b> ,"))));
        assertThat(Timeline.diff(quiet, hostile, hostile.syncs(), T)).singleElement().satisfies(e -> {
            assertThat(e.schema()).isEqualTo("<img src=x onerror=alert(1)> a b");
            assertThat(e.text()).isEqualTo("sync 127.0.0.1:6032 paged: <b>x</b> on <img src=x onerror=alert(1)> a b "
                    + "(incident open until the condition clears)");
        });
    }

    @Test
    void the_timeline_tells_a_settle_window_opening_and_closing() {
        StatusReport closed = report(List.of(), List.of(), List.of(syncWith(null, null, Map.of())));
        StatusReport open = report(List.of(), List.of(), List.of(syncWith(T.plusSeconds(12), 2, Map.of())));
        assertThat(Timeline.diff(closed, open, open.syncs(), T)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("settle");
            assertThat(e.text()).contains("opened its settle window until 2026-12-07T08:00:12Z", "(2 held)");
        });
        StatusReport stillOpen = report(List.of(), List.of(), List.of(syncWith(T.plusSeconds(12), 5, Map.of())));
        assertThat(Timeline.diff(open, stillOpen, stillOpen.syncs(), T)).isEmpty();
        assertThat(Timeline.diff(open, closed, closed.syncs(), T)).extracting(StatusEvent::text)
                .containsExactly("sync 127.0.0.1:6032 closed its settle window: held removals are planned like any "
                        + "other");
    }

    @Test
    void a_promotions_failover_notice_is_a_page_on_the_timeline_until_its_quarantine_is_cleared() {
        QuarantineStatus q = new QuarantineStatus("10.0.0.1:3306", "superseded by 10.0.0.2:3306", "role-agent", T, 0,
                "7:abc", List.of("orders/primary"), null, "mysql-discovery/failover/10.0.0.1:3306/7:abc");
        StatusReport without = report(List.of(), List.of(), List.of());
        StatusReport with = report(List.of(), List.of(q), List.of());
        assertThat(Timeline.diff(without, with, List.of(), T)).extracting(StatusEvent::kind, StatusEvent::text)
                .contains(org.assertj.core.groups.Tuple.tuple("page", "failover notice paged: 10.0.0.1:3306 was "
                        + "superseded by a promotion (incident mysql-discovery/failover/10.0.0.1:3306/7:abc; clearing "
                        + "the quarantine resolves it)"));
        assertThat(Timeline.diff(with, without, List.of(), T)).extracting(StatusEvent::kind).containsExactly(
                "quarantine", "page");
    }

    @Test
    void the_clear_command_quotes_the_instance_for_the_shell() {
        QuarantineStatus v6 = new QuarantineStatus("[::1]:3306", null, null, T, 0, null, List.of(), "bad payload");
        assertThat(StatusDocument.clearCommand(v6))
                .isEqualTo("mysql-discovery quarantine clear '[::1]:3306' --reason 'WHY IT MAY RETURN'");
        assertThat(StatusDocument.shellQuote("it's")).isEqualTo("'it'\\''s'");
    }

    @Test
    void the_document_puts_red_schemas_first_and_measures_each_syncs_lag() {
        SchemaStatus ok = new SchemaStatus("a-ok", List.of(), List.of("10.0.0.1:3306"), Map.of(), List.of());
        SchemaStatus red = new SchemaStatus("z-red", List.of("no-primary"), List.of(), Map.of(), List.of());
        SyncStatusView behind = new SyncStatusView("127.0.0.1:6032", "apply", 4L, T.minusSeconds(7), false, false,
                Map.of(), "1", null);
        StatusDocument doc = StatusDocument.of(report(List.of(ok, red), List.of(), List.of(behind)), T, 3, null,
                500, T, T, List.of());
        assertThat(doc.fleet()).extracting(StatusDocument.SchemaLine::schema).containsExactly("z-red", "a-ok");
        assertThat(doc.syncs()).singleElement().satisfies(s -> {
            assertThat(s.lagZxid()).isEqualTo(6);
            assertThat(s.lagSeconds()).isEqualTo(7);
        });
        assertThat(doc.stale()).isFalse();
    }

    @Test
    void before_any_read_the_document_is_stale_and_says_why() {
        StatusDocument doc = StatusDocument.of(null, null, 0, "no read yet", 500, T, T, List.of());
        assertThat(doc.stale()).isTrue();
        assertThat(doc.error()).isEqualTo("no read yet");
        assertThat(doc.fleet()).isEmpty();
    }

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_browser_logs_in_with_any_user_and_the_token_as_password_and_scripts_with_the_bearer_token() {
        BrowserAuth auth = new BrowserAuth(BearerAuth.token(TOKEN));
        assertThat(auth.refuse(basic("alice:" + TOKEN))).isEmpty();
        assertThat(auth.refuse(basic(":" + TOKEN))).isEmpty();
        assertThat(auth.refuse("Bearer " + TOKEN)).isEmpty();
        assertThat(auth.refuse("basic " + Base64.getEncoder().encodeToString(("x:" + TOKEN).getBytes(
                StandardCharsets.UTF_8)))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {"NULL", "''", "Basic", "'Basic '", "Basic !!!notbase64",
            "Basic bm9jb2xvbg==", "Basic YWxpY2U6", "Basic YWxpY2U6d3Jvbmc=", "Bearer wrong", "Digest abc"})
    void garbage_empty_or_wrong_credentials_are_refused_without_echo(String header) {
        var refusal = new BrowserAuth(BearerAuth.token(TOKEN)).refuse(header);
        assertThat(refusal).isPresent();
        assertThat(refusal.get()).doesNotContain(TOKEN).doesNotContain("wrong=");
    }

    @Test
    void a_huge_basic_header_is_refused_not_crashed_on() {
        String huge = basic("u:" + "x".repeat(100_000));
        assertThat(new BrowserAuth(BearerAuth.token(TOKEN)).refuse(huge)).contains("wrong token");
    }

    @Test
    void with_auth_none_everything_is_let_through() {
        assertThat(new BrowserAuth(BearerAuth.disabled()).refuse(null)).isEmpty();
    }
}
