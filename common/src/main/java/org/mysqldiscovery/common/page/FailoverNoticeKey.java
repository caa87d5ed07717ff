package org.mysqldiscovery.common.page;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.mysqldiscovery.common.model.Instance;

/**
 * The dedup key of the failover notice a promotion pages (role agent) and {@code quarantine clear} resolves (CLI):
 * one key per promotion, the old primary plus Orchestrator's recovery id (or the flip time when there is none).
 * The role agent keeps it in the quarantine record it writes, so the operator's clear finds it. One rule, one place.
 */
public final class FailoverNoticeKey {
    public static final int MAX_LENGTH = 255;

    private FailoverNoticeKey() {
    }

    public static String of(Instance superseded, String recoveryUid, Instant at) {
        String key = "mysql-discovery/failover/" + superseded.spelling() + "/"
                + (recoveryUid != null ? recoveryUid : Long.toString(at.toEpochMilli()));
        if (key.length() <= MAX_LENGTH) {
            return key;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "mysql-discovery/failover/" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
