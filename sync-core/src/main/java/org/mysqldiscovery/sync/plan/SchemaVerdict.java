package org.mysqldiscovery.sync.plan;

import java.util.List;
import java.util.Objects;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.SchemaName;

/**
 * The guard verdict of one schema.
 *
 * @param primaries the non-quarantined primaries in the view, sorted (two or more for a double primary)
 */
public record SchemaVerdict(SchemaName schema, SchemaGuard guard, List<Instance> primaries) {
    public SchemaVerdict {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(guard, "guard");
        primaries = List.copyOf(primaries);
    }
}
