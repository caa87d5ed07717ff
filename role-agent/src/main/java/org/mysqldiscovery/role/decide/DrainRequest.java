package org.mysqldiscovery.role.decide;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.model.Instance;

/**
 * A validated {@code PUT /v1/drain} body.
 *
 * @param instance the instance to drain; must be this agent's
 * @param reason   why
 * @param seconds  length of the lease, 1..60
 */
public record DrainRequest(Instance instance, String reason, int seconds) {
    public static final int MAX_SECONDS = 60;

    public DrainRequest {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(reason, "reason");
        Range.check("seconds", seconds, 1, MAX_SECONDS);
    }

    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instance", instance.spelling());
        out.put("reason", reason);
        out.put("seconds", seconds);
        return out;
    }
}
