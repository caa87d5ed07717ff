package org.mysqldiscovery.sync.plan;

import java.util.HexFormat;
import java.util.List;

/**
 * A short, stable digest of a sorted list of rows: equal content, equal digest. It names a plan in logs and in the
 * sync's status node; it is not a security boundary, so it is a 64-bit mix of every column rather than a
 * cryptographic hash: the planner computes it on every pass, and SHA-256 over a canonical text of 5,000 rows was a
 * third of a pass's CPU (fleet benchmark, issue 16). {@code String.hashCode} is specified by the language, so the
 * digest is the same in every JVM and version.
 */
public final class PlanDigest {
    private static final long SEED = 0x6d79_7371_6c2d_6469L;

    private PlanDigest() {
    }

    /**
     * The digest of rows sorted as a plan's: each hostgroup's run of rows is digested on its own
     * ({@link #ofHostgroup}), and the runs' digests are folded in order ({@link #fold}). A planner that keeps a
     * hostgroup's rows from one pass to the next keeps its digest too (a pass after one change digests one or two
     * hostgroups, not 5,000 rows).
     */
    public static String of(List<ServerRow> sortedRows) {
        List<List<ServerRow>> runs = ServerRow.hostgroupRuns(sortedRows);
        long[] digests = new long[runs.size()];
        for (int i = 0; i < digests.length; i++) {
            digests[i] = ofHostgroup(runs.get(i));
        }
        return fold(sortedRows.size(), digests, digests.length);
    }

    /** The digest of one hostgroup's rows, sorted. */
    static long ofHostgroup(List<ServerRow> rows) {
        long h = SEED ^ rows.size();
        for (ServerRow row : rows) {
            h = mix(h, row.hostgroupId());
            h = mix(h, row.hostname().hashCode());
            h = mix(h, row.hostname().length());
            h = mix(h, row.port());
            h = mix(h, row.gtidPort());
            h = mix(h, row.status().hashCode());
            h = mix(h, row.weight());
            h = mix(h, row.compression());
            h = mix(h, row.maxConnections());
            h = mix(h, row.maxReplicationLag());
            h = mix(h, row.useSsl());
            h = mix(h, row.maxLatencyMs());
            h = mix(h, row.comment().hashCode());
            h = mix(h, row.comment().length());
        }
        return h;
    }

    /**
     * Folds the digests of the first {@code count} entries of {@code hostgroupDigests}: one per non-empty hostgroup,
     * in ascending hostgroup order; {@code rows} is the number of rows in all.
     */
    static String fold(int rows, long[] hostgroupDigests, int count) {
        long h = SEED ^ rows;
        for (int i = 0; i < count; i++) {
            h = mix(h, hostgroupDigests[i]);
        }
        return HexFormat.of().toHexDigits(h);
    }

    /** One round of a multiply-xorshift mix (the finaliser of SplitMix64): every input bit moves every output bit. */
    private static long mix(long h, long value) {
        long z = h + value * 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
