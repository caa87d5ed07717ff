package org.mysqldiscovery.sync.plan;

import java.util.Objects;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;

/**
 * How a datacenter-aware sync routes a reader role's replicas registered in another datacenter than its own, while
 * at least one replica of that role and schema is registered (healthy) in its own datacenter. When none is, every
 * remote replica is routed in the role's hostgroup as a local one would be, whatever the mode: that is the fallback,
 * so applications keep reading (from afar) instead of finding an empty reader hostgroup.
 *
 * <p>{@link Mode#HOSTGROUP} puts remote replicas in the schema's remote hostgroup of the role
 * ({@link SchemaHostgroups#remoteHostgroup}) instead of the role's hostgroup, with the weight a local one would get,
 * so that applications (query rules) choose remote reads explicitly. They stay there during the fallback too (the
 * remote hostgroup always has the role's remote replicas): a reader of the remote hostgroup never sees it empty
 * because the local replicas went, and a server entering or leaving the fallback only gains or loses its row in the
 * role's hostgroup.
 *
 * @param mode   {@link Mode#WEIGHT}: remote rows get {@code weight}; {@link Mode#EXCLUDE}: remote rows are left out;
 *               {@link Mode#HOSTGROUP}: remote rows go to the remote hostgroup
 * @param weight ProxySQL weight of remote rows in {@code weight} mode, 1..10000000 (ignored by the other modes)
 */
public record RemoteReads(Mode mode, int weight) {
    /** With {@code weight} mode and weight 1 against the default 1000, about one read in a thousand goes remote. */
    public static final RemoteReads DEFAULT = new RemoteReads(Mode.WEIGHT, 1);

    public enum Mode {
        WEIGHT("weight"),
        EXCLUDE("exclude"),
        HOSTGROUP("hostgroup");

        private final String token;

        Mode(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }

        public static Mode fromToken(String token) {
            for (Mode mode : values()) {
                if (mode.token.equals(token)) {
                    return mode;
                }
            }
            throw new FieldException("mode", org.mysqldiscovery.common.model.Quoting.quote(token)
                    + " is not one of weight, exclude, hostgroup");
        }
    }

    public RemoteReads {
        Objects.requireNonNull(mode, "mode");
        Range.check("weight", weight, 1, ServerRow.MAX_WEIGHT);
    }
}
