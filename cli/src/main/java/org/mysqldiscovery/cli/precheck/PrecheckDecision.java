package org.mysqldiscovery.cli.precheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import java.util.TreeSet;
import java.util.stream.Collectors;
import org.mysqldiscovery.cli.precheck.Finding.Kind;
import org.mysqldiscovery.cli.precheck.Finding.Severity;
import org.mysqldiscovery.cli.precheck.GtidRules.ErrantGtid;

/**
 * The precheck's pure decision: from what the probes read, is the cluster fit to fail over?
 *
 * <ul>
 *   <li>Errant transactions: any replica with a GTID outside the failed primary's known history fails the check
 *       (see {@link MariaRules} and {@link MysqlRules} for what "known history" is per flavour).</li>
 *   <li>Lag: a replica's lag is 0 when it has applied everything known, else its {@code Seconds_Behind_Master}, else
 *       unknown. The check fails when no reached replica has a known lag within {@code maxLagSeconds}.</li>
 *   <li>Unreachable replicas are reported, not fatal, unless no replica is reached. A replica that answers but whose
 *       state cannot be read cannot be shown clean: that fails the check.</li>
 * </ul>
 */
public final class PrecheckDecision {
    private PrecheckDecision() {
    }

    /**
     * @param replicas      one result per replica, in the order to report them
     * @param failedPrimary the failed primary's probe, or empty when it was not probed
     * @param maxLagSeconds the largest acceptable lag of the best candidate
     */
    public static Verdict decide(List<ProbeResult> replicas, Optional<ProbeResult> failedPrimary, long maxLagSeconds) {
        if (maxLagSeconds < 0) {
            throw new IllegalArgumentException("maxLagSeconds " + maxLagSeconds + " is negative");
        }
        List<Finding> findings = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<Observation> reached = new ArrayList<>();
        for (ProbeResult result : replicas) {
            if (result instanceof ProbeResult.Reached r) {
                reached.add(r.observation());
            }
        }

        TreeSet<String> flavors = reached.stream().map(o -> o.gtids().flavor()).collect(Collectors.toCollection(TreeSet::new));
        GtidRules rules = null;
        if (flavors.size() > 1) {
            findings.add(new Finding(Severity.FATAL, Kind.MIXED_FLAVORS, null, null,
                    "replicas run different flavours (" + String.join(", ", flavors) + "): their GTIDs cannot be"
                            + " compared"));
            reasons.add("replicas of mixed flavours");
        } else if (flavors.size() == 1) {
            rules = rulesFor(flavors.first(), reached, failedPrimary, findings);
        }

        List<ReplicaAssessment> assessments = new ArrayList<>();
        List<String> errantReplicas = new ArrayList<>();
        List<String> catchingUp = new ArrayList<>();
        List<Finding> lagDetails = new ArrayList<>();
        boolean anyFit = false;
        for (ProbeResult result : replicas) {
            String name = result.instance().spelling();
            if (result instanceof ProbeResult.Unreachable u) {
                findings.add(new Finding(Severity.WARNING, Kind.UNREACHABLE, name, null, u.reason()));
                assessments.add(new ReplicaAssessment(name, "unreachable", null, null, null, false, List.of(), null,
                        u.reason()));
                continue;
            }
            if (result instanceof ProbeResult.Unreadable u) {
                findings.add(new Finding(Severity.FATAL, Kind.UNREADABLE, name, null,
                        "answered but cannot be checked: " + u.reason()));
                reasons.add("cannot check " + name);
                assessments.add(new ReplicaAssessment(name, "unreadable", null, null, null, false, List.of(), null,
                        u.reason()));
                continue;
            }
            Observation o = ((ProbeResult.Reached) result).observation();
            if (rules == null) {
                assessments.add(new ReplicaAssessment(name, "reached", o.gtids().flavor(), null,
                        "not compared (mixed flavours)", false, List.of(), null, null));
                continue;
            }
            List<ErrantGtid> errants = rules.errants(o);
            for (ErrantGtid e : errants) {
                findings.add(new Finding(Severity.FATAL, Kind.ERRANT, name, e.gtid(), e.reason()));
            }
            if (!errants.isEmpty()) {
                errantReplicas.add(name + " (" + errants.stream().map(ErrantGtid::gtid)
                        .collect(Collectors.joining(",")) + ")");
            }
            Lag lag = lag(o, rules);
            boolean fit = errants.isEmpty() && lag.seconds() != null && lag.seconds() <= maxLagSeconds;
            anyFit |= fit;
            if (lag.seconds() == null && o.replication().sqlRunning() && !rules.caughtUp(o)) {
                catchingUp.add(name);
            }
            lagDetails.add(new Finding(Severity.INFO, Kind.LAG, name, null,
                    (lag.seconds() == null ? "unknown" : lag.seconds() + " s") + " (" + lag.basis() + ")"
                            + (fit ? ", fit" : errants.isEmpty() ? ", not fit" : ", not fit: errant")));
            assessments.add(new ReplicaAssessment(name, "reached", o.gtids().flavor(), lag.seconds(), lag.basis(),
                    fit, errants.stream().map(ErrantGtid::gtid).toList(), rules.gtidValues(o), null));
        }

        if (!errantReplicas.isEmpty()) {
            reasons.add(0, "errant transaction" + (errantReplicas.size() > 1 ? "s" : "") + " on "
                    + String.join(", ", errantReplicas));
        }
        if (replicas.isEmpty()) {
            findings.add(new Finding(Severity.FATAL, Kind.NO_REPLICA, null, null, "no replica was named"));
            reasons.add("no replica to check");
        } else if (reached.isEmpty() && replicas.stream().noneMatch(r -> r instanceof ProbeResult.Unreadable)) {
            findings.add(new Finding(Severity.FATAL, Kind.NO_REPLICA, null, null,
                    "none of the " + replicas.size() + " replicas could be reached"));
            reasons.add("no replica reachable");
        } else if (rules != null && !anyFit) {
            findings.add(new Finding(Severity.FATAL, Kind.LAG, null, null,
                    "no replica is within " + maxLagSeconds + " s of the most advanced known position ("
                            + rules.historyText() + ")"));
            reasons.add("no replica within " + maxLagSeconds + " s of the most advanced");
        }
        findings.addAll(lagDetails);

        String mostAdvanced = null;
        if (rules != null && !reached.isEmpty()) {
            GtidRules r = rules;
            mostAdvanced = reached.stream()
                    .max(Comparator.comparing((Observation o) -> r.progress(o)).thenComparing(
                            (Observation o) -> o.instance(), Comparator.reverseOrder()))
                    .map(o -> o.instance().spelling()).orElse(null);
        }

        boolean pass = reasons.isEmpty();
        findings.sort(Comparator.comparing(Finding::severity));
        long reachable = reached.size();
        String summary;
        if (pass) {
            long fitCount = assessments.stream().filter(ReplicaAssessment::fit).count();
            summary = "PASS: " + reachable + " of " + replicas.size() + " replicas reached, " + fitCount
                    + " fit (lag within " + maxLagSeconds + " s, most advanced " + mostAdvanced
                    + "), no errant transaction";
        } else {
            summary = "FAIL: " + String.join("; ", reasons);
        }
        return new Verdict(pass, summary, findings, assessments, mostAdvanced,
                rules == null ? null : rules.historyText(), pass ? List.of() : catchingUp);
    }

    private static GtidRules rulesFor(String flavor, List<Observation> reached, Optional<ProbeResult> failedPrimary,
            List<Finding> findings) {
        Optional<Observation> failed = failedPrimary.filter(ProbeResult.Reached.class::isInstance)
                .map(r -> ((ProbeResult.Reached) r).observation());
        failedPrimary.ifPresent(p -> {
            String name = p.instance().spelling();
            if (p instanceof ProbeResult.Reached) {
                findings.add(new Finding(Severity.INFO, Kind.FAILED_PRIMARY, name, null,
                        "answered: its own GTIDs count as its known history"));
            } else if (p instanceof ProbeResult.Unreachable u) {
                findings.add(new Finding(Severity.INFO, Kind.FAILED_PRIMARY, name, null,
                        "not reachable (" + u.reason() + "): its history is what the replicas received"));
            } else if (p instanceof ProbeResult.Unreadable u) {
                findings.add(new Finding(Severity.INFO, Kind.FAILED_PRIMARY, name, null,
                        "answered but cannot be read (" + u.reason() + "): its history is what the replicas received"));
            }
        });
        if (failed.isPresent() && !failed.get().gtids().flavor().equals(flavor)) {
            findings.add(new Finding(Severity.WARNING, Kind.FAILED_PRIMARY, failed.get().instance().spelling(), null,
                    "runs " + failed.get().gtids().flavor() + " while the replicas run " + flavor + ": ignored"));
            failed = Optional.empty();
        }
        if (flavor.equals("mariadb")) {
            return new MariaRules(reached, failed.map(o -> (GtidState.Maria) o.gtids()));
        }
        return new MysqlRules(reached, failed.map(o -> (GtidState.Mysql) o.gtids()));
    }

    private record Lag(Long seconds, String basis) {
    }

    private static Lag lag(Observation o, GtidRules rules) {
        if (rules.caughtUp(o)) {
            return new Lag(0L, "has applied everything known");
        }
        ReplicationState r = o.replication();
        if (r.secondsBehind() != null) {
            return new Lag(r.secondsBehind(), "Seconds_Behind_Master");
        }
        if (!r.configured()) {
            return new Lag(null, "not caught up and replication is not configured");
        }
        if (!r.sqlRunning()) {
            return new Lag(null, "not caught up and the SQL thread is stopped"
                    + (r.lastError() == null || r.lastError().isBlank() ? "" : ": "
                    + org.mysqldiscovery.common.model.Quoting.quote(r.lastError())));
        }
        return new Lag(null, "not caught up and the server reports no Seconds_Behind_Master");
    }
}
