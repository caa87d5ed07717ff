package org.mysqldiscovery.cli.precheck;

import java.util.List;

/**
 * The precheck's decision.
 *
 * @param pass          true: the cluster is fit to fail over
 * @param summary       the one-line verdict (printed first)
 * @param findings      one line each, fatal ones first
 * @param replicas      every replica asked about, in the order given
 * @param mostAdvanced  the replica that received the most of the failed primary's history, or null
 * @param knownHistory  the most advanced known position (MariaDB) or the known set (MySQL), spelled for humans
 * @param catchingUp    replicas whose applier still runs with an unknown lag: probing again may pass
 */
public record Verdict(boolean pass, String summary, List<Finding> findings, List<ReplicaAssessment> replicas,
        String mostAdvanced, String knownHistory, List<String> catchingUp) {
    public Verdict {
        findings = List.copyOf(findings);
        replicas = List.copyOf(replicas);
        catchingUp = List.copyOf(catchingUp);
    }
}
