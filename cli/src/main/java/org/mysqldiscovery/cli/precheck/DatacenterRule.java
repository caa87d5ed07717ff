package org.mysqldiscovery.cli.precheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.mysqldiscovery.cli.precheck.Finding.Kind;
import org.mysqldiscovery.cli.precheck.Finding.Severity;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Quoting;

/**
 * The precheck's datacenter rule (issue 18): a failover must not move a schema's primary into another datacenter
 * unless that is allowed. Pure: applied to the verdict of {@link PrecheckDecision}.
 *
 * <p>Orchestrator 3.2.6 does not tell PreFailoverProcesses whom it will promote ({@code {successorHost}} stays
 * literal there, docs/reference/orchestrator-hooks.md), so the rule refuses only where it can know:
 * <ul>
 *   <li>the successor is known (a hook that was given it): refused when its datacenter differs from the failed
 *       primary's;</li>
 *   <li>else, judged by the fit replicas (those the GTID rules found fit to promote): refused when every fit replica
 *       is known to be in another datacenter than the failed primary, since any promotion then crosses. With a fit
 *       replica in the failed primary's datacenter it passes, saying that Orchestrator must pick a local one
 *       ({@code PreventCrossDataCenterMasterFailover}); if it does not, the syncs page
 *       {@code primary-moved-datacenter};</li>
 *   <li>the failed primary's datacenter unknown (never seen registered), or a fit replica's unknown while no fit
 *       replica is local: a warning, not a refusal (a precheck that refuses whenever ZooKeeper is unreadable would
 *       block every failover of an outage).</li>
 * </ul>
 * Datacenters compare exactly (case-sensitive), as the syncs compare them. Allowed ({@link CrossDatacenter#allowed()}):
 * what would be refused is a warning naming the opt-out.
 */
public final class DatacenterRule {
    private DatacenterRule() {
    }

    public static Verdict apply(Verdict verdict, Instance failed, CrossDatacenter facts) {
        List<Finding> findings = new ArrayList<>(verdict.findings());
        List<ReplicaAssessment> replicas = new ArrayList<>();
        for (ReplicaAssessment r : verdict.replicas()) {
            replicas.add(r.withDatacenter(facts.of(Instance.parse(r.instance())).orElse(null)));
        }
        Optional<String> home = facts.of(failed);
        String refusal = null;
        if (home.isEmpty()) {
            findings.add(new Finding(Severity.WARNING, Kind.DATACENTER, failed.spelling(), null,
                    "datacenter of the failed primary unknown (" + facts.source() + "): the cross-datacenter check"
                            + " was not made"));
        } else if (facts.successor().isPresent()) {
            Instance successor = facts.successor().get();
            Optional<String> there = facts.of(successor);
            if (there.isEmpty()) {
                findings.add(new Finding(Severity.WARNING, Kind.DATACENTER, successor.spelling(), null,
                        "datacenter of the successor unknown (" + facts.source() + "): the cross-datacenter check"
                                + " was not made"));
            } else if (there.get().equals(home.get())) {
                findings.add(new Finding(Severity.INFO, Kind.DATACENTER, successor.spelling(), null,
                        "the successor is in the failed primary's datacenter " + dc(home.get())));
            } else {
                refusal = "cross-datacenter promotion: successor " + successor.spelling() + " is in datacenter "
                        + dc(there.get()) + ", the failed primary " + failed.spelling() + " in " + dc(home.get());
            }
        } else {
            TreeSet<String> local = new TreeSet<>();
            TreeSet<String> remote = new TreeSet<>();
            TreeSet<String> unknown = new TreeSet<>();
            for (ReplicaAssessment r : replicas) {
                if (!r.fit()) {
                    continue;
                }
                if (r.datacenter() == null) {
                    unknown.add(r.instance());
                } else if (r.datacenter().equals(home.get())) {
                    local.add(r.instance());
                } else {
                    remote.add(r.instance() + " (" + dc(r.datacenter()) + ")");
                }
            }
            if (!local.isEmpty()) {
                findings.add(new Finding(Severity.INFO, Kind.DATACENTER, null, null, "fit in the failed primary's"
                        + " datacenter " + dc(home.get()) + ": " + String.join(", ", local)
                        + (remote.isEmpty() && unknown.isEmpty() ? "" : "; Orchestrator must promote one of them"
                        + " (PreventCrossDataCenterMasterFailover): the syncs page primary-moved-datacenter if not")));
            } else if (!unknown.isEmpty()) {
                findings.add(new Finding(Severity.WARNING, Kind.DATACENTER, null, null, "no fit replica known to be"
                        + " in the failed primary's datacenter " + dc(home.get()) + "; datacenter unknown of "
                        + String.join(", ", unknown) + " (" + facts.source() + "): the cross-datacenter check was not"
                        + " made"));
            } else if (!remote.isEmpty()) {
                refusal = "cross-datacenter promotion: no fit replica in the failed primary's datacenter "
                        + dc(home.get()) + ", only in other datacenters: " + String.join(", ", remote);
            }
        }
        boolean pass = verdict.pass();
        String summary = verdict.summary();
        if (refusal != null) {
            if (facts.allowed()) {
                findings.add(new Finding(Severity.WARNING, Kind.DATACENTER, null, null, refusal
                        + ": allowed (--allow-cross-datacenter / precheck.allowCrossDatacenter)"));
            } else {
                findings.add(new Finding(Severity.FATAL, Kind.DATACENTER, null, null, refusal + " (to allow it:"
                        + " --allow-cross-datacenter, or precheck.allowCrossDatacenter: true in serve's config)"));
                summary = pass ? "FAIL: " + refusal : summary + "; " + refusal;
                pass = false;
            }
        }
        findings.sort(Comparator.comparing(Finding::severity));
        return new Verdict(pass, summary, findings, replicas, verdict.mostAdvanced(), verdict.knownHistory(),
                pass ? List.of() : verdict.catchingUp());
    }

    private static String dc(String name) {
        return Quoting.quote(name.length() > 64 ? name.substring(0, 64) + "…" : name);
    }
}
