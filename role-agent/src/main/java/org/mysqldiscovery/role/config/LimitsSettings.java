package org.mysqldiscovery.role.config;

import org.mysqldiscovery.common.config.Range;
/**
 * What one caller, one slow body or a flood may cost the agent (config key {@code limits}; every field optional).
 *
 * @param requestBodyTimeoutMillis  a request body must have arrived whole within this time after the headers, else
 *                                  408; it is read without holding a worker thread meanwhile. Default 1000
 * @param refusedBurst              refused requests (401) one caller may make at full speed before it is answered
 *                                  429 instead; default 20
 * @param refusedPerSecond          the rate at which that allowance refills; default 2
 * @param refusedInFullPerInterval  refused requests per caller per summary interval written to the audit log and
 *                                  the program log one by one; the rest are counted in one summary line. Default 5
 * @param summaryIntervalMillis     how often the summary line of refused requests is written; default 10000
 * @param auditLogMaxBytes          the audit log is rotated (renamed to {@code .1}, …) when it would grow past this;
 *                                  default 10485760 (10 MiB)
 * @param auditLogFiles             rotated audit logs kept besides the current one; default 5
 */
public record LimitsSettings(Integer requestBodyTimeoutMillis, Integer refusedBurst, Integer refusedPerSecond,
        Integer refusedInFullPerInterval, Integer summaryIntervalMillis, Long auditLogMaxBytes,
        Integer auditLogFiles) {

    public LimitsSettings {
        requestBodyTimeoutMillis = Range.check("limits.requestBodyTimeoutMillis", requestBodyTimeoutMillis, 1000, 50,
                30_000);
        refusedBurst = Range.check("limits.refusedBurst", refusedBurst, 20, 1, 100_000);
        refusedPerSecond = Range.check("limits.refusedPerSecond", refusedPerSecond, 2, 1, 100_000);
        refusedInFullPerInterval = Range.check("limits.refusedInFullPerInterval", refusedInFullPerInterval, 5, 0, 10_000);
        summaryIntervalMillis = Range.check("limits.summaryIntervalMillis", summaryIntervalMillis, 10_000, 100, 3_600_000);
        auditLogMaxBytes = Range.check("limits.auditLogMaxBytes", auditLogMaxBytes, 10L * 1024 * 1024, 4096, 1L << 40);
        auditLogFiles = Range.check("limits.auditLogFiles", auditLogFiles, 5, 1, 100);
    }

    public static LimitsSettings defaults() {
        return new LimitsSettings(null, null, null, null, null, null, null);
    }
}
