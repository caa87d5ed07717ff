package org.mysqldiscovery.common.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** The payload of {@code quarantine/<host>:<port>}: why an instance is kept out of rotation until an operator clears it. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuarantineRecord(String reason, String createdBy, Instant createdAt, String recoveryUid) {
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
    }
}
