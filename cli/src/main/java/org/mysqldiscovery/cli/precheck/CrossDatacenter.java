package org.mysqldiscovery.cli.precheck;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mysqldiscovery.common.model.Instance;

/**
 * What the precheck knows about datacenters for one failover (issue 18), and whether a promotion into another
 * datacenter is allowed. Judged by {@link DatacenterRule}.
 *
 * @param successor   the server Orchestrator will promote, when the hook was told (in Orchestrator 3.2.6's
 *                    PreFailoverProcesses it is not: {@code {successorHost}} stays literal there, see
 *                    {@link #successorFrom(String)})
 * @param datacenters the datacenter of every server whose registration the caller has seen (now, or earlier:
 *                    the failed primary's registration is usually gone by the time the precheck runs)
 * @param allowed     true: a cross-datacenter promotion is only warned about (the logged opt-out
 *                    {@code --allow-cross-datacenter} / {@code precheck.allowCrossDatacenter})
 * @param source      where {@code datacenters} came from, for the report
 */
public record CrossDatacenter(Optional<Instance> successor, Map<Instance, String> datacenters, boolean allowed,
        String source) {
    /** The literal text Orchestrator leaves where it does not substitute the successor. */
    static final String SUCCESSOR_HOST = "{successorHost}";
    static final String SUCCESSOR_PORT = "{successorPort}";

    public CrossDatacenter {
        Objects.requireNonNull(successor, "successor");
        datacenters = Map.copyOf(datacenters);
        Objects.requireNonNull(source, "source");
    }

    /** Nothing known: the rule can only say so. */
    public static CrossDatacenter unknown(String why) {
        return new CrossDatacenter(Optional.empty(), Map.of(), false, why);
    }

    public CrossDatacenter withSuccessor(Optional<Instance> candidate) {
        return new CrossDatacenter(candidate, datacenters, allowed, source);
    }

    public CrossDatacenter withAllowed(boolean allow) {
        return new CrossDatacenter(successor, datacenters, allow, source);
    }

    /**
     * The successor as a hook passes it ({@code {successorHost}:{successorPort}}): empty when the value carries no
     * successor — empty, {@code :}, or Orchestrator's placeholders left literal (as in PreFailoverProcesses, before
     * the promotion is decided) — else the instance.
     *
     * @throws IllegalArgumentException when the value is neither empty, literal, nor {@code host:port}
     */
    public static Optional<Instance> successorFrom(String value) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty() || text.equals(":") || text.contains(SUCCESSOR_HOST) || text.contains(SUCCESSOR_PORT)) {
            return Optional.empty();
        }
        return Optional.of(Instance.parse(text));
    }

    /** The registered datacenter of {@code instance}; blank or absent is unknown. */
    Optional<String> of(Instance instance) {
        String dc = datacenters.get(instance);
        return dc == null || dc.isBlank() ? Optional.empty() : Optional.of(dc);
    }
}
