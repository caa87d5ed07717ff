package org.mysqldiscovery.cli.precheck;

/**
 * One MariaDB GTID, {@code domain-server-seq}. Domain and server id are unsigned 32-bit, the sequence number is
 * unsigned 64-bit (held in a {@code long} and compared unsigned).
 */
public record MariaGtid(long domain, long server, long seq) {
    static final long MAX_UINT32 = 0xFFFF_FFFFL;

    public MariaGtid {
        if (domain < 0 || domain > MAX_UINT32) {
            throw new IllegalArgumentException("GTID domain " + domain + " is out of range 0.." + MAX_UINT32);
        }
        if (server < 0 || server > MAX_UINT32) {
            throw new IllegalArgumentException("GTID server id " + server + " is out of range 0.." + MAX_UINT32);
        }
    }

    /** Compares sequence numbers as the server does: unsigned. */
    public int compareSeq(MariaGtid other) {
        return Long.compareUnsigned(seq, other.seq);
    }

    /**
     * True when this GTID is part of the history that ends at {@code position} (same domain): an earlier sequence
     * number (one stream per domain under gtid_strict_mode), or the very same GTID.
     */
    public boolean isWithin(MariaGtid position) {
        if (position.domain != domain) {
            return false;
        }
        int bySeq = compareSeq(position);
        return bySeq < 0 || (bySeq == 0 && position.server == server);
    }

    @Override
    public String toString() {
        return domain + "-" + server + "-" + Long.toUnsignedString(seq);
    }
}
