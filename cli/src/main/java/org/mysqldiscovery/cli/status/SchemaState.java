package org.mysqldiscovery.cli.status;

import java.util.List;
import org.mysqldiscovery.cli.command.StatusReport;

/**
 * The one-word state of a schema on the status page, worst first: {@code double-primary} and {@code no-primary}
 * (red: writes go to two places or nowhere), {@code guarded} (a sync holds a guard on it: it changes nothing there),
 * {@code not-converged} (a sync has not applied the current view yet, or no sync reports at all), {@code ok}. Pure: the rule lives here only.
 */
public final class SchemaState {
    public static final String DOUBLE_PRIMARY = StatusReport.DOUBLE_PRIMARY;
    public static final String NO_PRIMARY = StatusReport.NO_PRIMARY;
    public static final String GUARDED = "guarded";
    public static final String NOT_CONVERGED = "not-converged";
    public static final String OK = "ok";

    private SchemaState() {
    }

    /**
     * @param schema the schema's part of the status document
     * @param syncs  the syncs a convergence waits for (not dry-run)
     */
    public static String of(StatusReport.SchemaStatus schema, List<StatusReport.SyncStatusView> syncs) {
        if (schema.flags().contains(DOUBLE_PRIMARY)) {
            return DOUBLE_PRIMARY;
        }
        if (schema.flags().contains(NO_PRIMARY)) {
            return NO_PRIMARY;
        }
        if (schema.guards().values().stream().anyMatch(g -> !"ok".equals(g))) {
            return GUARDED;
        }
        if (syncs.isEmpty() || syncs.stream().anyMatch(s -> !s.converged())) {
            return NOT_CONVERGED;
        }
        return OK;
    }

    /** Red states: a person must act. */
    public static boolean red(String state) {
        return DOUBLE_PRIMARY.equals(state) || NO_PRIMARY.equals(state);
    }
}
