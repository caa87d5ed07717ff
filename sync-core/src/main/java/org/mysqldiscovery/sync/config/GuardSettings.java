package org.mysqldiscovery.sync.config;

import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;
/**
 * Config key {@code guards}.
 *
 * @param doublePrimaryGraceMillis  a double primary is refused at once, paged only if it lasts this long
 * @param massRemovalFraction       a plan removing more than this fraction of the managed servers is refused
 * @param noPrimaryPageAfterMillis  a schema without primary is applied, paged if the gap lasts this long
 * @param blindPageAfterMillis      page when the sync has been blind (ZooKeeper unusable) this long
 * @param adminErrorPageAfterMillis page when ProxySQL's admin has been failing this long
 * @param settleAfterReconnectMillis after the ZooKeeper view was read again (start, new session) or caught up (quorum
 *                                   back), removals of servers merely absent wait this long, for their agents to
 *                                   re-register; null: twice the session timeout ({@link SyncConfig#settleMillis()});
 *                                   0 turns the settle window off
 */
public record GuardSettings(Long doublePrimaryGraceMillis, Double massRemovalFraction, Long noPrimaryPageAfterMillis,
        Long blindPageAfterMillis, Long adminErrorPageAfterMillis, Long settleAfterReconnectMillis) {

    public GuardSettings {
        doublePrimaryGraceMillis = Range.check("doublePrimaryGraceMillis", doublePrimaryGraceMillis, 5_000, 0, 86_400_000L);
        noPrimaryPageAfterMillis = Range.check("noPrimaryPageAfterMillis", noPrimaryPageAfterMillis, 10_000, 0, 86_400_000L);
        blindPageAfterMillis = Range.check("blindPageAfterMillis", blindPageAfterMillis, 60_000, 0, 86_400_000L);
        adminErrorPageAfterMillis = Range.check("adminErrorPageAfterMillis", adminErrorPageAfterMillis, 60_000, 0, 86_400_000L);
        if (settleAfterReconnectMillis != null) {
            Range.check("settleAfterReconnectMillis", settleAfterReconnectMillis, 0, 0, 86_400_000L);
        }
        massRemovalFraction = massRemovalFraction == null ? 0.5 : massRemovalFraction;
        if (massRemovalFraction.isNaN() || massRemovalFraction <= 0 || massRemovalFraction > 1) {
            throw new FieldException("massRemovalFraction", massRemovalFraction
                    + " is out of range: more than 0, at most 1 (e.g. 0.5 for 50 %)");
        }
    }

    /** Without a settle setting (derived from the session timeout). */
    public GuardSettings(Long doublePrimaryGraceMillis, Double massRemovalFraction, Long noPrimaryPageAfterMillis,
            Long blindPageAfterMillis, Long adminErrorPageAfterMillis) {
        this(doublePrimaryGraceMillis, massRemovalFraction, noPrimaryPageAfterMillis, blindPageAfterMillis,
                adminErrorPageAfterMillis, null);
    }

    public GuardSettings withSettleAfterReconnectMillis(Long millis) {
        return new GuardSettings(doublePrimaryGraceMillis, massRemovalFraction, noPrimaryPageAfterMillis,
                blindPageAfterMillis, adminErrorPageAfterMillis, millis);
    }

    public static GuardSettings defaults() {
        return new GuardSettings(null, null, null, null, null, null);
    }
}
