package org.mysqldiscovery.cli.precheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.model.Instance;

/** The precheck's decision rules, table-driven: each row is a cluster as the probes would read it. */
class PrecheckDecisionTest {
    static final long MAX_LAG = 10;
    static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    static final String U2 = "00000000-0000-0000-0000-000000000002";
    static final String U3 = "00000000-0000-0000-0000-000000000003";

    /** A MariaDB replica: name, server id, gtid_binlog_pos, gtid_slave_pos, Gtid_IO_Pos, SQL running, SBM. */
    static ProbeResult maria(String name, long serverId, String binlog, String slave, String io, boolean sql,
            Long sbm) {
        try {
            GtidState.Maria gtids = new GtidState.Maria(serverId, MariaPosition.parse(binlog, "binlog"),
                    MariaPosition.parse(slave, "slave"), MariaPosition.parse(current(binlog, slave, serverId), "cur"),
                    MariaPosition.parse(io, "io"));
            return new ProbeResult.Reached(new Observation(Instance.parse(name), gtids,
                    new ReplicationState(true, false, sql, sbm, sql ? null : "stopped by test"), true));
        } catch (GtidFormatException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** gtid_current_pos as the server derives it: the binlog's GTID when it is its own and later, else slave_pos. */
    private static String current(String binlog, String slave, long serverId) throws GtidFormatException {
        MariaPosition b = MariaPosition.parse(binlog, "b");
        MariaPosition s = MariaPosition.parse(slave, "s");
        List<MariaGtid> out = new ArrayList<>(s.gtids());
        for (MariaGtid g : b.gtids()) {
            var mine = s.inDomain(g.domain());
            if (mine.isEmpty()) {
                out.add(g);
            } else if (g.server() == serverId && g.compareSeq(mine.get()) > 0) {
                out.remove(mine.get());
                out.add(g);
            }
        }
        return MariaPosition.of(out.toArray(MariaGtid[]::new)).toString();
    }

    static ProbeResult mysql(String name, String uuid, String executed, String retrieved, boolean sql, Long sbm) {
        try {
            return new ProbeResult.Reached(new Observation(Instance.parse(name), new GtidState.Mysql(uuid,
                    MysqlGtidSet.parse(executed, "e"), MysqlGtidSet.parse(retrieved, "r")),
                    new ReplicationState(true, false, sql, sbm, null), true));
        } catch (GtidFormatException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ProbeResult down(String name) {
        return new ProbeResult.Unreachable(Instance.parse(name), "connection refused");
    }

    static Arguments row(String description, List<ProbeResult> replicas, ProbeResult failed, boolean pass,
            String summaryPart) {
        return arguments(description, replicas, failed, pass, summaryPart);
    }

    static Stream<Arguments> clusters() {
        return Stream.of(
                row("clean cluster, primary dead", List.of(
                        maria("r2:3306", 2, "0-1-100", "0-1-100", "0-1-100", true, null),
                        maria("r3:3306", 3, "0-1-100", "0-1-100", "0-1-100", true, null)),
                        down("p1:3306"), true, "PASS: 2 of 2 replicas reached, 2 fit"),
                row("errant write on a replica", List.of(
                        maria("r2:3306", 2, "0-1-100", "0-1-100", "0-1-100", true, null),
                        maria("r3:3306", 3, "0-3-101", "0-1-100", "0-1-100", true, null)),
                        down("p1:3306"), false, "errant transaction on r3:3306 (0-3-101)"),
                row("errant write in a domain of its own", List.of(
                        maria("r2:3306", 2, "0-1-100", "0-1-100", "0-1-100", true, null),
                        maria("r3:3306", 3, "0-1-100,5-3-1", "0-1-100", "0-1-100", true, null)),
                        down("p1:3306"), false, "errant transaction on r3:3306 (5-3-1)"),
                row("errant write the stream moved past (replication stopped on it)", List.of(
                        maria("r2:3306", 2, "0-1-150", "0-1-150", "0-1-150", true, null),
                        maria("r3:3306", 3, "0-3-101", "0-1-100", "0-1-150", false, null)),
                        down("p1:3306"), false, "errant transaction on r3:3306 (0-3-101)"),
                row("fork at the same sequence number", List.of(
                        maria("r2:3306", 2, "0-1-100", "0-1-100", "0-1-100", true, null),
                        maria("r3:3306", 3, "0-3-100", "0-1-99", "0-1-99", true, null)),
                        down("p1:3306"), false, "errant transaction on r3:3306 (0-3-100)"),
                row("an old primary's GTIDs that others have too are not errant", List.of(
                        maria("r2:3306", 2, "0-3-100", "0-3-100", "0-3-100", true, null),
                        maria("r3:3306", 3, "0-3-100", "", "", true, null)),
                        down("p1:3306"), true, "PASS"),
                row("the failed primary still answers and replicas keep up", List.of(
                        maria("r2:3306", 2, "0-1-103", "0-1-103", "0-1-105", true, 2L),
                        maria("r3:3306", 3, "0-1-105", "0-1-105", "0-1-105", true, 0L)),
                        maria("p1:3306", 1, "0-1-105", "", "", false, null), true, "PASS"),
                row("the failed primary's own writes are not errant on it, and not on caught-up replicas", List.of(
                        maria("r2:3306", 2, "0-1-105", "0-1-105", "0-1-105", true, null)),
                        maria("p1:3306", 1, "0-1-105", "", "", false, null), true, "PASS"),
                row("the only reachable replica has not applied what it received, SQL thread stopped", List.of(
                        maria("r2:3306", 2, "0-1-90", "0-1-90", "0-1-100", false, null),
                        down("r3:3306")),
                        down("p1:3306"), false, "no replica within 10 s of the most advanced"),
                row("one replica lags, another is caught up", List.of(
                        maria("r2:3306", 2, "0-1-90", "0-1-90", "0-1-100", true, 100L),
                        maria("r3:3306", 3, "0-1-100", "0-1-100", "0-1-100", true, null)),
                        down("p1:3306"), true, "PASS: 2 of 2 replicas reached, 1 fit"),
                row("the only fit replica lags an hour behind a live primary", List.of(
                        down("r2:3306"),
                        maria("r3:3306", 3, "0-1-90", "0-1-90", "0-1-100", true, 3600L)),
                        maria("p1:3306", 1, "0-1-100", "", "", false, null), false,
                        "no replica within 10 s of the most advanced"),
                row("lag exactly at the bound is fit", List.of(
                        maria("r3:3306", 3, "0-1-90", "0-1-90", "0-1-100", true, 10L)),
                        down("p1:3306"), true, "PASS"),
                row("every replica unreachable", List.of(down("r2:3306"), down("r3:3306")),
                        down("p1:3306"), false, "no replica reachable"),
                row("one unreachable replica is reported, not fatal", List.of(
                        down("r2:3306"),
                        maria("r3:3306", 3, "0-1-100", "0-1-100", "0-1-100", true, null)),
                        down("p1:3306"), true, "PASS: 1 of 2 replicas reached"),
                row("a replica that answers but cannot be read fails the check", List.of(
                        new ProbeResult.Unreadable(Instance.parse("r2:3306"), "access denied"),
                        maria("r3:3306", 3, "0-1-100", "0-1-100", "0-1-100", true, null)),
                        down("p1:3306"), false, "cannot check r2:3306"),
                row("no replica named", List.of(), down("p1:3306"), false, "no replica to check"),
                row("mixed flavours cannot be compared", List.of(
                        maria("r2:3306", 2, "0-1-100", "0-1-100", "0-1-100", true, null),
                        mysql("r3:3306", U3, A + ":1-100", "", true, 0L)),
                        down("p1:3306"), false, "mixed flavours"),
                row("an empty cluster (nothing written yet) is fit", List.of(
                        maria("r2:3306", 2, "", "", "", true, 0L)),
                        down("p1:3306"), true, "PASS"),
                row("mysql: clean cluster", List.of(
                        mysql("r2:3306", U2, A + ":1-100", A + ":50-100", true, 0L),
                        mysql("r3:3306", U3, A + ":1-100", A + ":60-100", true, 0L)),
                        down("p1:3306"), true, "PASS"),
                row("mysql: errant transactions of the replica's own server", List.of(
                        mysql("r2:3306", U2, A + ":1-100", A + ":50-100", true, 0L),
                        mysql("r3:3306", U3, A + ":1-100," + U3 + ":1-2", A + ":60-100", true, 0L)),
                        down("p1:3306"), false, "errant transaction on r3:3306 (" + U3 + ":1-2)"),
                row("mysql: an old primary's GTIDs that others have are not errant", List.of(
                        mysql("r2:3306", U2, A + ":1-100," + U3 + ":1-10", A + ":50-100", true, 0L),
                        mysql("r3:3306", U3, A + ":1-100," + U3 + ":1-10", A + ":60-100", true, 0L)),
                        down("p1:3306"), true, "PASS"),
                row("mysql: the only replica has not applied what it retrieved", List.of(
                        mysql("r2:3306", U2, A + ":1-90", A + ":1-100", false, null)),
                        down("p1:3306"), false, "no replica within 10 s"),
                row("mysql: the failed primary's set counts as history", List.of(
                        mysql("r2:3306", U2, A + ":1-105", A + ":100-105", true, 0L)),
                        mysql("p1:3306", A, A + ":1-105", "", false, null), true, "PASS"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void decides(String description, List<ProbeResult> replicas, ProbeResult failed, boolean pass, String summary) {
        Verdict verdict = PrecheckDecision.decide(replicas, Optional.of(failed), MAX_LAG);
        assertThat(verdict.summary()).as(verdict.findings().toString()).contains(summary);
        assertThat(verdict.pass()).as(verdict.summary()).isEqualTo(pass);
        assertThat(verdict.findings().stream().anyMatch(Finding::fatal)).isEqualTo(!pass);
        assertThat(verdict.replicas()).hasSize(replicas.size());
    }

    @Test
    void an_errant_gtid_gets_one_fatal_line_naming_replica_and_gtid() {
        Verdict verdict = PrecheckDecision.decide(List.of(
                maria("r2:3306", 2, "0-1-100", "0-1-100", "0-1-100", true, null),
                maria("r3:3306", 3, "0-3-101", "0-1-100", "0-1-100", true, null)), Optional.empty(), MAX_LAG);
        assertThat(verdict.findings()).filteredOn(Finding::fatal).extracting(Finding::line)
                .containsExactly("fatal errant r3:3306 0-3-101: not in the failed primary's known history (most"
                        + " advanced known: 0-1-100)");
        assertThat(verdict.replicas().get(1).errantGtids()).containsExactly("0-3-101");
        assertThat(verdict.replicas().get(1).fit()).isFalse();
    }

    @Test
    void a_replica_still_applying_its_relay_log_is_named_as_catching_up() {
        Verdict verdict = PrecheckDecision.decide(List.of(
                maria("r2:3306", 2, "0-1-95", "0-1-95", "0-1-100", true, null)), Optional.empty(), MAX_LAG);
        assertThat(verdict.pass()).isFalse();
        assertThat(verdict.catchingUp()).containsExactly("r2:3306");
    }

    @Test
    void the_most_advanced_replica_is_the_one_that_received_most() {
        Verdict verdict = PrecheckDecision.decide(List.of(
                maria("r2:3306", 2, "0-1-95", "0-1-95", "0-1-95", true, 0L),
                maria("r3:3306", 3, "0-1-90", "0-1-90", "0-1-100", true, 0L)), Optional.empty(), MAX_LAG);
        assertThat(verdict.mostAdvanced()).isEqualTo("r3:3306");
        assertThat(verdict.knownHistory()).isEqualTo("0-1-100");
    }

    @Test
    void unreachable_replicas_are_warnings_with_their_reason() {
        Verdict verdict = PrecheckDecision.decide(List.of(down("r2:3306"),
                maria("r3:3306", 3, "0-1-100", "0-1-100", "0-1-100", true, null)), Optional.empty(), MAX_LAG);
        assertThat(verdict.findings()).extracting(Finding::line)
                .contains("warning unreachable r2:3306: connection refused");
    }
}
