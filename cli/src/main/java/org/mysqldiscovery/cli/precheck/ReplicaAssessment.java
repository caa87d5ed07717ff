package org.mysqldiscovery.cli.precheck;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The precheck's view of one replica.
 *
 * @param instance    host:port
 * @param state       {@code reached}, {@code unreachable} or {@code unreadable}
 * @param flavor      {@code mariadb} or {@code mysql}; null when not reached
 * @param lagSeconds  seconds behind the most advanced known position; 0 when it has applied everything known;
 *                    null when unknown
 * @param lagBasis    how {@code lagSeconds} was found (or why it is unknown)
 * @param fit         reached, no errant GTID, and lag known and within the bound
 * @param errantGtids GTIDs (MariaDB) or GTID sets (MySQL) found errant
 * @param gtids       the raw GTID values read, by the server's variable names
 * @param error       why it was not reached or could not be read; null otherwise
 * @param datacenter  its registered datacenter when known (issue 18), else null
 */
@JsonPropertyOrder({"instance", "state", "flavor", "lagSeconds", "lagBasis", "fit", "errantGtids", "gtids", "error", "datacenter"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReplicaAssessment(String instance, String state, String flavor, Long lagSeconds, String lagBasis,
        boolean fit, List<String> errantGtids, Map<String, String> gtids, String error, String datacenter) {

    /** Without a datacenter (the GTID rules do not know it). */
    public ReplicaAssessment(String instance, String state, String flavor, Long lagSeconds, String lagBasis,
            boolean fit, List<String> errantGtids, Map<String, String> gtids, String error) {
        this(instance, state, flavor, lagSeconds, lagBasis, fit, errantGtids, gtids, error, null);
    }

    public ReplicaAssessment {
        errantGtids = List.copyOf(errantGtids);
        gtids = gtids == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(gtids));
    }

    public ReplicaAssessment withDatacenter(String dc) {
        return new ReplicaAssessment(instance, state, flavor, lagSeconds, lagBasis, fit, errantGtids, gtids, error,
                dc);
    }
}
