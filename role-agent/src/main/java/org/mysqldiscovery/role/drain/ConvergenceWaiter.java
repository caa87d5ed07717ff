package org.mysqldiscovery.role.drain;

import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.SchemaName;

/** Waits until every live sync has applied a view without this primary. */
public interface ConvergenceWaiter {
    /**
     * @param schema        this instance's schema
     * @param self          this instance
     * @param deadline      answer {@code TIMED_OUT} at the latest then
     * @param stillDraining false once the lease ended (cancelled, expired, role changed): stop waiting
     */
    DrainWait await(SchemaName schema, Instance self, Instant deadline, BooleanSupplier stillDraining);
}
