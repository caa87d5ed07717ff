package org.mysqldiscovery.cli.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The {@code --json} document of the commands that do one thing ({@code quarantine add}, {@code quarantine clear},
 * {@code check-config}) and succeeded or found the thing already done. Refusals and errors still end on stderr with
 * their exit code, as without {@code --json}.
 *
 * @param command  the command, e.g. {@code quarantine add}
 * @param outcome  what happened: {@code quarantined}, {@code already-quarantined}, {@code cleared},
 *                 {@code already-cleared}, {@code valid}, {@code invalid}
 * @param subject  what it happened to: an instance, or a config file
 * @param detail   the human line the text mode prints
 * @param warnings warnings the text mode prints on stderr
 */
@JsonPropertyOrder({"command", "outcome", "subject", "detail", "warnings"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ActionReport(String command, String outcome, String subject, String detail, List<String> warnings) {
    public ActionReport {
        warnings = List.copyOf(warnings);
    }
}
