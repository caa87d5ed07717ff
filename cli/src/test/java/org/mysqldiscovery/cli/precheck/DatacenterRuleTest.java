package org.mysqldiscovery.cli.precheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.model.Instance;

/** Issue 18: the precheck refuses a promotion into another datacenter where it can know one would happen. */
class DatacenterRuleTest {
    static final Instance FAILED = Instance.parse("p1:3306");

    /** A verdict of the GTID rules: every replica named fit (true) or not (false). */
    static Verdict gtidVerdict(boolean pass, Map<String, Boolean> fit) {
        List<ReplicaAssessment> replicas = new ArrayList<>();
        fit.forEach((name, f) -> replicas.add(new ReplicaAssessment(name, "reached", "mariadb", f ? 0L : 60L,
                "test", f, List.of(), Map.of(), null)));
        return new Verdict(pass, pass ? "PASS: gtids" : "FAIL: gtids", List.of(), replicas, null, null, List.of());
    }

    static Map<String, Boolean> fit(Object... nameFit) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (int i = 0; i < nameFit.length; i += 2) {
            out.put((String) nameFit[i], (Boolean) nameFit[i + 1]);
        }
        return out;
    }

    static Map<Instance, String> dcs(String... instanceDc) {
        Map<Instance, String> out = new LinkedHashMap<>();
        for (int i = 0; i < instanceDc.length; i += 2) {
            out.put(Instance.parse(instanceDc[i]), instanceDc[i + 1]);
        }
        return out;
    }

    static Arguments row(String description, boolean gtidPass, Map<String, Boolean> fit, Map<Instance, String> dcs,
            String successor, boolean allowed, boolean pass, Finding.Severity severity, String messagePart) {
        return arguments(description, gtidPass, fit, dcs, successor, allowed, pass, severity, messagePart);
    }

    static Stream<Arguments> failovers() {
        return Stream.of(
                row("a fit replica beside the failed primary", true, fit("r2:3306", true, "r3:3306", true),
                        dcs("p1:3306", "east", "r2:3306", "east", "r3:3306", "west"), null, false,
                        true, Finding.Severity.INFO, "Orchestrator must promote one of them"),
                row("every fit replica in another datacenter", true, fit("r2:3306", false, "r3:3306", true),
                        dcs("p1:3306", "east", "r2:3306", "east", "r3:3306", "west"), null, false,
                        false, Finding.Severity.FATAL, "no fit replica in the failed primary's datacenter"),
                row("every fit replica elsewhere, allowed", true, fit("r3:3306", true),
                        dcs("p1:3306", "east", "r3:3306", "west"), null, true,
                        true, Finding.Severity.WARNING, "allowed (--allow-cross-datacenter"),
                row("the successor is known and remote", true, fit("r2:3306", true, "r3:3306", true),
                        dcs("p1:3306", "east", "r2:3306", "east", "r3:3306", "west"), "r3:3306", false,
                        false, Finding.Severity.FATAL, "successor r3:3306 is in datacenter \"west\""),
                row("the successor is known and local", true, fit("r2:3306", true, "r3:3306", true),
                        dcs("p1:3306", "east", "r2:3306", "east", "r3:3306", "west"), "r2:3306", false,
                        true, Finding.Severity.INFO, "the successor is in the failed primary's datacenter"),
                row("the successor is known, its datacenter not", true, fit("r2:3306", true),
                        dcs("p1:3306", "east"), "r2:3306", false,
                        true, Finding.Severity.WARNING, "datacenter of the successor unknown"),
                row("the failed primary was never seen registered", true, fit("r3:3306", true),
                        dcs("r3:3306", "west"), null, false,
                        true, Finding.Severity.WARNING, "datacenter of the failed primary unknown"),
                row("the only fit replica's datacenter is unknown", true, fit("r2:3306", true, "r3:3306", true),
                        dcs("p1:3306", "east", "r3:3306", "west"), null, false,
                        true, Finding.Severity.WARNING, "datacenter unknown of r2:3306"),
                row("datacenters compare exactly", true, fit("r2:3306", true),
                        dcs("p1:3306", "east", "r2:3306", "East"), null, false,
                        false, Finding.Severity.FATAL, "only in other datacenters: r2:3306 (\"East\")"),
                row("a blank datacenter is unknown", true, fit("r2:3306", true),
                        dcs("p1:3306", " ", "r2:3306", "east"), null, false,
                        true, Finding.Severity.WARNING, "datacenter of the failed primary unknown"),
                row("a cluster already unfit also says why it would cross", false, fit("r3:3306", true),
                        dcs("p1:3306", "east", "r3:3306", "west"), null, false,
                        false, Finding.Severity.FATAL, "cross-datacenter promotion"),
                row("no fit replica at all: nothing about datacenters to refuse", false, fit("r3:3306", false),
                        dcs("p1:3306", "east", "r3:3306", "west"), null, false,
                        false, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failovers")
    void a_promotion_into_another_datacenter_is_refused_where_it_is_known(String description, boolean gtidPass,
            Map<String, Boolean> fit, Map<Instance, String> dcs, String successor, boolean allowed, boolean pass,
            Finding.Severity severity, String messagePart) {
        CrossDatacenter facts = new CrossDatacenter(Optional.ofNullable(successor).map(Instance::parse), dcs,
                allowed, "test");

        Verdict verdict = DatacenterRule.apply(gtidVerdict(gtidPass, fit), FAILED, facts);

        assertThat(verdict.pass()).as(verdict.summary()).isEqualTo(pass);
        List<Finding> datacenter = verdict.findings().stream().filter(f -> f.kind() == Finding.Kind.DATACENTER)
                .toList();
        if (severity == null) {
            assertThat(datacenter).noneMatch(Finding::fatal);
            return;
        }
        assertThat(datacenter).as(datacenter.toString())
                .anyMatch(f -> f.severity() == severity && f.message().contains(messagePart));
        if (!pass && gtidPass) {
            assertThat(verdict.summary()).startsWith("FAIL: cross-datacenter promotion");
        }
        if (!gtidPass && severity == Finding.Severity.FATAL) {
            assertThat(verdict.summary()).startsWith("FAIL: gtids; cross-datacenter promotion");
        }
    }

    @Test
    void each_replica_shows_its_datacenter_in_the_report() {
        Verdict verdict = DatacenterRule.apply(gtidVerdict(true, fit("r2:3306", true, "r3:3306", true)), FAILED,
                new CrossDatacenter(Optional.empty(), dcs("p1:3306", "east", "r2:3306", "east"), false, "test"));

        assertThat(verdict.replicas()).extracting(ReplicaAssessment::datacenter).containsExactly("east", null);
    }

    @Test
    void a_hostile_datacenter_name_reaches_the_report_quoted_and_bounded() {
        String hostile = "west\u001b[2J\n" + "x".repeat(10_000);
        Verdict verdict = DatacenterRule.apply(gtidVerdict(true, fit("r3:3306", true)), FAILED,
                new CrossDatacenter(Optional.empty(), dcs("p1:3306", "east", "r3:3306", hostile), false, "test"));

        assertThat(verdict.pass()).isFalse();
        assertThat(verdict.summary()).doesNotContain("\u001b").doesNotContain("\n").hasSizeLessThan(1000);
        assertThat(verdict.findings()).allSatisfy(f -> assertThat(f.message()).doesNotContain("\u001b"));
    }

    @Test
    void the_successor_placeholder_orchestrator_leaves_literal_is_not_a_successor() {
        assertThat(CrossDatacenter.successorFrom("{successorHost}:{successorPort}")).isEmpty();
        assertThat(CrossDatacenter.successorFrom("db2:{successorPort}")).isEmpty();
        assertThat(CrossDatacenter.successorFrom("")).isEmpty();
        assertThat(CrossDatacenter.successorFrom(":")).isEmpty();
        assertThat(CrossDatacenter.successorFrom(null)).isEmpty();
        assertThat(CrossDatacenter.successorFrom(" db2:3306 ")).contains(Instance.parse("db2:3306"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CrossDatacenter.successorFrom("$(id):3306"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
