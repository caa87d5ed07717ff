package org.mysqldiscovery.cli.serve;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mysqldiscovery.cli.command.Converters;
import org.mysqldiscovery.cli.precheck.CrossDatacenter;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Quoting;

/**
 * The body of {@code POST /v1/precheck}: one {@code key=value} line per Orchestrator placeholder, as the hook line
 * writes it from a quoted here-document (so a value cannot break the line: see role-agent/HOOKS.md):
 *
 * <pre>
 * cluster={failureClusterAlias}
 * failed={failedHost}:{failedPort}
 * replicas={replicaHosts}
 * successor={successorHost}:{successorPort}
 * </pre>
 *
 * Strict: these keys ({@code successor} optional, for hook lines from before issue 18), each once; values are one line of printable text. A value that smuggles a newline to
 * forge another key therefore repeats a key and is refused. {@code replicas} may be empty (Orchestrator's
 * {@code {replicaHosts}} of a primary without replicas): the precheck then runs with no replica and fails.
 *
 * @param cluster  the alias, for the report ({@code -} when empty)
 * @param failed   the failed primary
 * @param replicas  its replicas, in order, without duplicates
 * @param successor the server Orchestrator will promote, when the hook knows it: Orchestrator 3.2.6 leaves
 *                  {@code {successorHost}:{successorPort}} literal in PreFailoverProcesses, which is read as "not
 *                  known" on purpose ({@link CrossDatacenter#successorFrom(String)}), as is an empty value
 */
public record PrecheckForm(String cluster, Instance failed, List<Instance> replicas, Optional<Instance> successor) {
    static final Set<String> KEYS = Set.of("cluster", "failed", "replicas", "successor");
    static final int MAX_CLUSTER_LENGTH = 256;

    /** The body is malformed; the message says what and where, never echoing more than a short quote. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    public static PrecheckForm parse(byte[] body) throws MalformedException {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            throw new MalformedException("the body is not UTF-8");
        }
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isEmpty() && i == lines.length - 1) {
                continue; // the final newline
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new MalformedException("line " + (i + 1) + " is not key=value: " + brief(line));
            }
            String key = line.substring(0, equals);
            String value = line.substring(equals + 1);
            if (!KEYS.contains(key)) {
                throw new MalformedException("line " + (i + 1) + ": unknown key " + brief(key)
                        + " (expected cluster, failed, replicas, successor)");
            }
            if (values.putIfAbsent(key, value) != null) {
                throw new MalformedException("line " + (i + 1) + ": " + key + " given twice (a placeholder value"
                        + " with a line break?)");
            }
            if (value.chars().anyMatch(Character::isISOControl)) {
                throw new MalformedException(key + " contains a control character");
            }
        }
        for (String key : List.of("cluster", "failed", "replicas")) {
            if (!values.containsKey(key)) {
                throw new MalformedException(key + "= is missing");
            }
        }
        String cluster = values.get("cluster").strip();
        if (cluster.length() > MAX_CLUSTER_LENGTH) {
            throw new MalformedException("cluster is longer than " + MAX_CLUSTER_LENGTH + " characters");
        }
        Instance failed;
        try {
            failed = Instance.parse(values.get("failed").strip());
        } catch (IllegalArgumentException e) {
            throw new MalformedException("failed: " + e.getMessage());
        }
        List<Instance> replicas;
        try {
            replicas = Converters.parseInstanceList(values.get("replicas"));
        } catch (picocli.CommandLine.TypeConversionException e) {
            throw new MalformedException("replicas: " + e.getMessage());
        }
        Optional<Instance> successor;
        try {
            successor = CrossDatacenter.successorFrom(values.get("successor"));
        } catch (IllegalArgumentException e) {
            throw new MalformedException("successor: " + e.getMessage());
        }
        return new PrecheckForm(cluster.isEmpty() ? "-" : cluster, failed, replicas, successor);
    }

    /** Without a successor (as before issue 18). */
    public PrecheckForm(String cluster, Instance failed, List<Instance> replicas) {
        this(cluster, failed, replicas, Optional.empty());
    }

    public PrecheckForm {
        replicas = List.copyOf(replicas);
        java.util.Objects.requireNonNull(successor, "successor");
    }

    private static String brief(String text) {
        return Quoting.quote(text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }
}
