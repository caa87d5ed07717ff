package org.mysqldiscovery.common.convergence;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Whether every live sync has applied a view at least as new as {@code targetZxid}.
 *
 * @param confirmed  true when every sync that is waited for has applied it
 * @param targetZxid the zxid the syncs must have reached
 * @param syncs      one verdict per sync node
 * @param waitedFor  how many syncs count (dry-run syncs do not)
 * @param warning    set when the confirmation is vacuous (no sync to wait for), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Convergence(boolean confirmed, long targetZxid, List<SyncVerdict> syncs, int waitedFor,
        String warning) {

    public Convergence {
        syncs = List.copyOf(syncs);
    }

    /** What one sync's status says, compared with the target. */
    public enum SyncState {
        /** appliedZxid ≥ target, not blind. */
        APPLIED,
        /** appliedZxid below the target: still holds the answer. */
        BEHIND,
        /** the sync does not trust its view and changes nothing: holds the answer. */
        BLIND,
        /** the payload cannot be decoded: holds the answer (safety over liveness). */
        UNREADABLE,
        /** a dry-run sync writes nothing to ProxySQL: not waited for. */
        DRY_RUN
    }

    /**
     * @param node        the sync node name
     * @param appliedZxid what it reports, or null when unreadable
     * @param state       the verdict
     * @param detail      a short explanation for humans
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SyncVerdict(String node, Long appliedZxid, SyncState state, String detail) {
    }
}
