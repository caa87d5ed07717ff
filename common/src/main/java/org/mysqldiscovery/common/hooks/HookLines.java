package org.mysqldiscovery.common.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.model.PayloadCodec;

/**
 * The Orchestrator hook lines of {@code puppet/files/orchestrator-hooks.json} (the one canonical copy; it is also
 * bundled in this jar). Two substitutions, both as raw text:
 * <ul>
 * <li>deploy-time tokens {@code @ROLE_AGENT_PORT@ @TOKEN_FILE@ @SCHEME@ @CURL_OPTS@ @PRECHECK_CONFIG@
 * @PRECHECK_URL@} (what Puppet renders into orchestrator.conf.json), see {@link #render};</li>
 * <li>Orchestrator's placeholders ({@code {failedHost}} …), pasted without any escaping exactly as Orchestrator
 * does before it runs the line with bash, see {@link #paste}. The lines never put a placeholder in shell syntax:
 * each is read from a quoted here-document into a variable (role-agent/HOOKS.md).</li>
 * </ul>
 */
public final class HookLines {
    public static final String RESOURCE = "orchestrator-hooks.json";
    public static final String PRE_GRACEFUL_TAKEOVER = "PreGracefulTakeoverProcesses";
    public static final String PRE_FAILOVER = "PreFailoverProcesses";
    public static final String POST_MASTER_FAILOVER = "PostMasterFailoverProcesses";
    public static final String ON_FAILURE_DETECTION = "OnFailureDetectionProcesses";
    public static final String POST_FAILOVER = "PostFailoverProcesses";
    public static final String POST_GRACEFUL_TAKEOVER = "PostGracefulTakeoverProcesses";
    /** Orchestrator 3.2.6's order for a planned switchover (docs/reference/orchestrator-hooks.md). */
    public static final List<String> PLANNED_ORDER = List.of(PRE_GRACEFUL_TAKEOVER, ON_FAILURE_DETECTION,
            PRE_FAILOVER, POST_MASTER_FAILOVER, POST_FAILOVER, POST_GRACEFUL_TAKEOVER);
    /** Its order for an unplanned failover of a primary (the promotion happens before PostMasterFailover). */
    public static final List<String> UNPLANNED_ORDER = List.of(ON_FAILURE_DETECTION, PRE_FAILOVER,
            POST_MASTER_FAILOVER, POST_FAILOVER);
    private static final Pattern DEPLOY_TOKEN = Pattern.compile("@[A-Z][A-Z_]*@");

    private final Map<String, List<String>> hooks;

    private HookLines(Map<String, List<String>> hooks) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        hooks.forEach((kind, lines) -> copy.put(kind, List.copyOf(lines)));
        this.hooks = Collections.unmodifiableMap(copy);
    }

    /**
     * The deploy-time tokens.
     *
     * @param precheckUrl where {@code mysql-discovery serve} answers on the Orchestrator host, scheme://host:port
     *                    (default {@value #DEFAULT_PRECHECK_URL})
     */
    public record DeployTokens(int roleAgentPort, String tokenFile, String scheme, String curlOpts,
            String precheckConfig, String precheckUrl) {
        public static final String DEFAULT_PRECHECK_URL = "http://127.0.0.1:9796";
        private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9._\\[\\]:-]{1,255}");

        /** With the precheck service at its default address. */
        public DeployTokens(int roleAgentPort, String tokenFile, String scheme, String curlOpts,
                String precheckConfig) {
            this(roleAgentPort, tokenFile, scheme, curlOpts, precheckConfig, null);
        }

        public DeployTokens {
            Range.check("roleAgentPort", roleAgentPort, 1, 65535);
            if (tokenFile == null || tokenFile.isBlank() || tokenFile.contains("'")) {
                throw new FieldException("tokenFile", "must be a path without single quotes");
            }
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new FieldException("scheme", "must be http or https");
            }
            curlOpts = curlOpts == null ? "" : curlOpts;
            precheckConfig = precheckConfig == null ? "/etc/mysql-discovery/precheck.yaml" : precheckConfig;
            if (precheckConfig.contains("'")) {
                throw new FieldException("precheckConfig", "must be a path without single quotes");
            }
            precheckUrl = precheckUrl == null ? DEFAULT_PRECHECK_URL : precheckUrl;
            if (!URL.matcher(precheckUrl).matches()) {
                throw new FieldException("precheckUrl", "must be http(s)://HOST:PORT, without a path");
            }
        }

        Map<String, String> asMap() {
            Map<String, String> map = new LinkedHashMap<>();
            map.put("@ROLE_AGENT_PORT@", Integer.toString(roleAgentPort));
            map.put("@TOKEN_FILE@", tokenFile);
            map.put("@SCHEME@", scheme);
            map.put("@CURL_OPTS@", curlOpts);
            map.put("@PRECHECK_CONFIG@", precheckConfig);
            map.put("@PRECHECK_URL@", precheckUrl);
            return map;
        }
    }

    public static HookLines load(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** The copy bundled in this jar at build time. */
    public static HookLines bundled() {
        try (InputStream in = HookLines.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not bundled next to " + HookLines.class.getName());
            }
            return parse(in.readAllBytes(), "bundled " + RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    static HookLines parse(byte[] json, String source) throws IOException {
        JsonNode root;
        try {
            root = PayloadCodec.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IOException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(source + ": expected a JSON object of hook arrays");
        }
        Map<String, List<String>> hooks = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            if (!entry.getValue().isArray()) {
                throw new IOException(source + ": " + entry.getKey() + " must be an array of strings");
            }
            List<String> lines = new ArrayList<>();
            for (JsonNode line : entry.getValue()) {
                if (!line.isTextual()) {
                    throw new IOException(source + ": " + entry.getKey() + " must be an array of strings");
                }
                lines.add(line.textValue());
            }
            hooks.put(entry.getKey(), lines);
        }
        return new HookLines(hooks);
    }

    public Map<String, List<String>> all() {
        return hooks;
    }

    /** The lines of one hook kind (empty when absent). */
    public List<String> lines(String kind) {
        return hooks.getOrDefault(kind, List.of());
    }

    /** Substitutes the deploy-time tokens; fails when a line still holds an unknown {@code @TOKEN@}. */
    public HookLines render(DeployTokens tokens) {
        Map<String, String> values = tokens.asMap();
        Map<String, List<String>> rendered = new LinkedHashMap<>();
        hooks.forEach((kind, lines) -> {
            List<String> out = new ArrayList<>();
            for (String line : lines) {
                String text = line;
                for (Map.Entry<String, String> value : values.entrySet()) {
                    text = text.replace(value.getKey(), value.getValue());
                }
                Matcher left = DEPLOY_TOKEN.matcher(text);
                if (left.find()) {
                    throw new IllegalArgumentException(kind + ": unknown deploy-time token " + left.group());
                }
                out.add(text);
            }
            rendered.put(kind, out);
        });
        return new HookLines(rendered);
    }

    /** Pastes Orchestrator's placeholders as raw text, as Orchestrator does; unknown placeholders stay literal. */
    public static String paste(String line, Map<String, String> placeholders) {
        String text = line;
        for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
            text = text.replace("{" + placeholder.getKey() + "}", placeholder.getValue());
        }
        return text;
    }

    /** As JSON (what Puppet merges into orchestrator.conf.json). */
    public String toJson() {
        try {
            return PayloadCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(hooks);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode hook lines", e);
        }
    }
}
