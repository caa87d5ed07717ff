package org.mysqldiscovery.common.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The payload of {@code quarantine/<host>:<port>}: why an instance is kept out of rotation until an operator clears it.
 * {@code noticeKey}: the dedup key of the failover notice the promotion paged (role agent), which
 * {@code quarantine clear} resolves; absent for quarantines added by hand or by older agents.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuarantineRecord(String reason, String createdBy, Instant createdAt, String recoveryUid,
        String noticeKey) {
    public static final int MAX_TEXT = 1024;

    public QuarantineRecord {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("quarantine reason is missing");
        }
        if (reason.length() > MAX_TEXT) {
            throw new IllegalArgumentException("quarantine reason is longer than " + MAX_TEXT + " characters");
        }
        if (createdBy == null || createdBy.isBlank()) {
            throw new IllegalArgumentException("quarantine createdBy is missing");
        }
        if (createdBy.length() > 256) {
            throw new IllegalArgumentException("quarantine createdBy is longer than 256 characters");
        }
        if (createdAt == null) {
            throw new IllegalArgumentException("quarantine createdAt is missing");
        }
        if (recoveryUid != null && recoveryUid.length() > 256) {
            throw new IllegalArgumentException("quarantine recoveryUid is longer than 256 characters");
        }
        if (noticeKey != null && (noticeKey.isBlank() || noticeKey.length() > 255
                || noticeKey.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("quarantine noticeKey is not a page dedup key (1..255 characters, one "
                    + "line)");
        }
    }

    /** Without a failover notice. */
    public QuarantineRecord(String reason, String createdBy, Instant createdAt, String recoveryUid) {
        this(reason, createdBy, createdAt, recoveryUid, null);
    }
}
