package org.mysqldiscovery.cli.precheck;

import java.util.Objects;
import org.mysqldiscovery.common.model.Instance;

/** The outcome of probing one server within the deadline. */
public sealed interface ProbeResult permits ProbeResult.Reached, ProbeResult.Unreachable, ProbeResult.Unreadable {

    Instance instance();

    /** Connected and read a usable state. */
    record Reached(Observation observation) implements ProbeResult {
        public Reached {
            Objects.requireNonNull(observation, "observation");
        }

        @Override
        public Instance instance() {
            return observation.instance();
        }
    }

    /** Could not connect, or no answer within the deadline. */
    record Unreachable(Instance instance, String reason) implements ProbeResult {
        public Unreachable {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Connected, but what it answered cannot be used (no privilege, unparseable GTIDs, …): it cannot be checked. */
    record Unreadable(Instance instance, String reason) implements ProbeResult {
        public Unreadable {
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
