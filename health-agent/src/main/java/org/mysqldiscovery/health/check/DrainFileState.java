package org.mysqldiscovery.health.check;

import java.time.Instant;
import java.util.Objects;

/** What the {@code drain-until} file says. */
public sealed interface DrainFileState permits DrainFileState.Absent, DrainFileState.Until, DrainFileState.Unreadable {

    record Absent() implements DrainFileState {
    }

    record Until(Instant until) implements DrainFileState {
        public Until {
            Objects.requireNonNull(until, "until");
        }
    }

    /** Present but garbage (or unreadable): not "no lease". */
    record Unreadable(String message) implements DrainFileState {
    }
}
