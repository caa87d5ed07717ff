package org.mysqldiscovery.role.decide;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.page.FailoverNoticeKey;
import org.mysqldiscovery.common.page.PageEvent;

/**
 * The page sent once per promotion with {@code supersedes} (issue 10): which instance was promoted, which one was
 * quarantined, and that it waits for an operator's checks before {@code mysql-discovery quarantine clear}. Info
 * severity when the quarantine is in place; error when it could not be written, because then nothing keeps the old
 * primary out of rotation when it comes back. Pure.
 */
public final class FailoverNotice {
    private FailoverNotice() {
    }

    /**
     * @param promoted      this agent's instance, now primary
     * @param schema        its schema (may be null when the schema file is unreadable)
     * @param superseded    the old primary
     * @param quarantined   whether its quarantine is in place (written now or already present)
     * @param quarantineDetail what the quarantine write said
     * @param recoveryUid   Orchestrator's recovery id, or null
     * @param reason        the request's reason
     * @param at            when the role flipped
     */
    public static PageEvent of(Instance promoted, String schema, Instance superseded, boolean quarantined,
            String quarantineDetail, String recoveryUid, String reason, Instant at) {
        String clear = "mysql-discovery quarantine clear " + superseded.spelling();
        String where = schema == null ? "" : " (schema " + schema + ")";
        String summary;
        PageEvent.Severity severity;
        if (quarantined) {
            severity = PageEvent.Severity.INFO;
            summary = "Failover: " + promoted.spelling() + " promoted to primary" + where + "; old primary "
                    + superseded.spelling() + " is quarantined and awaits an operator's checks before `" + clear
                    + "`";
        } else {
            severity = PageEvent.Severity.ERROR;
            summary = "Failover: " + promoted.spelling() + " promoted to primary" + where + " but the quarantine of "
                    + "old primary " + superseded.spelling() + " FAILED (" + quarantineDetail + "): quarantine it "
                    + "by hand before it comes back";
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("promoted", promoted.spelling());
        details.put("quarantined", superseded.spelling());
        details.put("quarantine", quarantineDetail);
        if (schema != null) {
            details.put("schema", schema);
        }
        if (recoveryUid != null) {
            details.put("recoveryUid", recoveryUid);
        }
        details.put("reason", reason);
        details.put("promotedAt", at.toString());
        details.put("next", "check " + superseded.spelling() + " (errant transactions, replication), then `" + clear
                + "`");
        return PageEvent.trigger(dedupKey(superseded, recoveryUid, at), summary, severity, promoted.spelling(),
                details);
    }

    /** One key per promotion: see {@link FailoverNoticeKey}. */
    public static String dedupKey(Instance superseded, String recoveryUid, Instant at) {
        return FailoverNoticeKey.of(superseded, recoveryUid, at);
    }
}
