package org.mysqldiscovery.sync.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A short, stable digest of a sorted list of rows: equal content, equal digest. */
public final class PlanDigest {
    private PlanDigest() {
    }

    public static String of(List<ServerRow> sortedRows) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
        // Rows go through one buffer in blocks: a digest of 10,000 rows must cost a few ms, not a string per row.
        StringBuilder block = new StringBuilder(64 * 1024);
        for (ServerRow row : sortedRows) {
            row.appendCanonical(block).append('\n');
            if (block.length() > 60 * 1024) {
                sha.update(block.toString().getBytes(StandardCharsets.UTF_8));
                block.setLength(0);
            }
        }
        sha.update(block.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest(), 0, 8);
    }
}
