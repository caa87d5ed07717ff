package org.mysqldiscovery.common.logging;

import org.mysqldiscovery.common.config.FieldException;
/**
 * Logging of a program (config key {@code logging}).
 *
 * @param format {@code text} for humans or {@code json} for one JSON object per line
 * @param level  root level: TRACE, DEBUG, INFO, WARN or ERROR
 */
public record LogSettings(String format, String level) {
    public LogSettings {
        format = format == null ? "text" : format;
        level = level == null ? "INFO" : level;
        if (!format.equals("text") && !format.equals("json")) {
            throw new FieldException("format", "must be text or json");
        }
        if (!level.matches("TRACE|DEBUG|INFO|WARN|ERROR")) {
            throw new FieldException("level", "must be one of TRACE, DEBUG, INFO, WARN, ERROR");
        }
    }

    public static LogSettings defaults() {
        return new LogSettings(null, null);
    }
}
