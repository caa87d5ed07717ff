package org.mysqldiscovery.cli.precheck;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The flavour-specific half of the precheck's decision: the failed primary's known history, which GTIDs of a replica
 * lie outside it (errant), and whether a replica has applied all of it.
 */
interface GtidRules {

    /** A GTID (or GTID set, MySQL) of a replica that the known history does not contain, and why. */
    record ErrantGtid(String gtid, String reason) {
    }

    List<ErrantGtid> errants(Observation replica);

    /** True when the replica has applied every transaction known to the history. */
    boolean caughtUp(Observation replica);

    /** How much of the history the replica has received or applied; ranks the most advanced replica. */
    BigInteger progress(Observation replica);

    /** The history's most advanced point, spelled for humans. */
    String historyText();

    /** The replica's raw GTID values, by the server's variable names. */
    Map<String, String> gtidValues(Observation replica);
}
