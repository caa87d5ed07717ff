package org.mysqldiscovery.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mysqldiscovery.common.hooks.HookLines;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.Quoting;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hooks render}: the hook block of orchestrator.conf.json, rendered from the canonical hook lines (bundled in
 * this jar, or {@code --hooks-file}) through {@link HookLines}, for installations without Puppet. Every deploy-time
 * token the bundled file holds ({@code @TOKEN_FILE@} …) gets an option of its own ({@code --token-file}), found in
 * the file when the command is built, so a token added to the file needs no code here; {@code --set TOKEN=VALUE}
 * fills any token. A token left unfilled is an error naming it: no half-rendered line reaches Orchestrator.
 */
@Command(name = "render", mixinStandardHelpOptions = true, modelTransformer = HooksRenderCommand.TokenOptions.class,
        description = {"Print the hook block for orchestrator.conf.json (PreGracefulTakeoverProcesses,"
                + " PreFailoverProcesses, PostMasterFailoverProcesses), rendered from the suite's canonical hook lines"
                + " with the values given here: the same lines Puppet's mysql_discovery::orchestrator_hooks writes.",
                "Merge the printed keys into /etc/orchestrator.conf.json. Each token of the hook file has an option"
                        + " (listed below with its default, Puppet's); --set TOKEN=VALUE sets any token."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:a token without a value, an unsafe value, an unreadable hook file"})
public final class HooksRenderCommand implements Callable<Integer> {
    private static final Pattern TOKEN = Pattern.compile("@[A-Z][A-Z_]*@");
    /**
     * Values are pasted into lines bash runs (some inside single quotes): paths, ports, words and curl options only.
     * The same characters Puppet admits.
     */
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9._/:=+@%, -]{0,512}");
    private static final int MAX_VALUE = 512;

    /** Puppet's defaults (mysql_discovery::orchestrator_hooks), for the tokens it knows. */
    static final Map<String, String> DEFAULTS = Map.of(
            "@ROLE_AGENT_PORT@", "9798",
            "@SCHEME@", "https",
            "@CURL_OPTS@", "",
            "@TOKEN_FILE@", "/etc/mysql-discovery/orchestrator-hooks.token",
            "@PRECHECK_CONFIG@", "/etc/mysql-discovery/cli.yaml",
            "@PRECHECK_URL@", HookLines.DeployTokens.DEFAULT_PRECHECK_URL);

    @Spec
    CommandSpec spec;

    @Option(names = "--hooks-file", paramLabel = "FILE",
            description = "The hook lines to render (default: the copy bundled in this jar, from"
                    + " puppet/files/orchestrator-hooks.json).")
    Path hooksFile;

    @Option(names = "--set", paramLabel = "TOKEN=VALUE",
            description = "A token's value, e.g. --set TOKEN_FILE=/etc/orchestrator/role-agent.token (repeatable;"
                    + " the @ signs are optional).")
    Map<String, String> set = new LinkedHashMap<>();

    /** Adds one option per token of the bundled hook file ({@code @TOKEN_FILE@} → {@code --token-file}). */
    public static final class TokenOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            // Runs whenever the CLI starts (picocli builds every command's model): the raw text, no JSON parser.
            for (String token : bundledTokens()) {
                if (command.findOption(optionName(token)) != null) {
                    continue;
                }
                String fallback = DEFAULTS.get(token);
                command.addOption(OptionSpec.builder(optionName(token))
                        .paramLabel("VALUE")
                        .type(String.class)
                        .description("Value of " + token + (fallback == null ? " (required)"
                                : " (default: " + (fallback.isEmpty() ? "empty" : fallback) + ")"))
                        .build());
            }
            return command;
        }
    }

    /** The tokens of the bundled hook file, read as text (they only occur inside its JSON strings). */
    static Set<String> bundledTokens() {
        try (java.io.InputStream in = HookLines.class.getResourceAsStream(HookLines.RESOURCE)) {
            if (in == null) {
                return Set.of(); // HookLines.bundled() says what is missing when render runs
            }
            Set<String> tokens = new TreeSet<>();
            Matcher m = TOKEN.matcher(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            while (m.find()) {
                tokens.add(m.group());
            }
            return tokens;
        } catch (IOException e) {
            return Set.of();
        }
    }

    static String optionName(String token) {
        return "--" + token.substring(1, token.length() - 1).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every deploy-time token of the lines, in order. */
    static Set<String> tokens(HookLines hooks) {
        Set<String> tokens = new TreeSet<>();
        hooks.all().values().forEach(lines -> lines.forEach(line -> {
            Matcher m = TOKEN.matcher(line);
            while (m.find()) {
                tokens.add(m.group());
            }
        }));
        return tokens;
    }

    @Override
    public Integer call() {
        HookLines hooks;
        try {
            hooks = hooksFile == null ? HookLines.bundled() : HookLines.load(hooksFile);
        } catch (IOException e) {
            throw CliException.usage("cannot read the hook file " + hooksFile + ": " + e.getMessage());
        }
        Map<String, String> values = values(hooks);
        Map<String, List<String>> rendered = new LinkedHashMap<>();
        hooks.all().forEach((kind, lines) -> {
            List<String> out = new ArrayList<>();
            for (String line : lines) {
                String text = line;
                for (Map.Entry<String, String> value : values.entrySet()) {
                    text = text.replace(value.getKey(), value.getValue());
                }
                Matcher left = TOKEN.matcher(text);
                if (left.find()) {
                    // values() gives every token a value: a value that itself looks like a token lands here.
                    throw CliException.usage(kind + ": " + left.group() + " is still in a rendered line");
                }
                out.add(text);
            }
            rendered.put(kind, out);
        });
        PrintWriter out = spec.commandLine().getOut();
        try {
            ObjectMapper mapper = PayloadCodec.newMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(rendered));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode hook lines", e);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** A value for every token of the file: --set, else its own option, else Puppet's default; else an error. */
    private Map<String, String> values(HookLines hooks) {
        Map<String, String> given = new LinkedHashMap<>();
        set.forEach((name, value) -> {
            String token = name.startsWith("@") ? name : "@" + name + "@";
            if (!TOKEN.matcher(token).matches()) {
                throw CliException.usage("--set " + Quoting.quote(name) + ": a token is written like TOKEN_FILE");
            }
            given.put(token, value);
        });
        Set<String> tokens = tokens(hooks);
        for (String token : given.keySet()) {
            if (!tokens.contains(token)) {
                throw CliException.usage("--set " + token + ": the hook file has no such token (it has: "
                        + String.join(" ", tokens) + ")");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String token : tokens) {
            OptionSpec option = spec.findOption(optionName(token));
            String value = given.get(token);
            if (value == null && option != null) {
                value = option.getValue();
            }
            if (value == null) {
                value = DEFAULTS.get(token);
            }
            if (value == null) {
                missing.add(token + " (" + (option == null ? "--set " + token.substring(1, token.length() - 1) + "=VALUE"
                        : option.longestName() + " VALUE") + ")");
                continue;
            }
            if (value.length() > MAX_VALUE || !SAFE_VALUE.matcher(value).matches()) {
                throw CliException.usage("the value of " + token + " " + Quoting.quote(value.length() > 80
                        ? value.substring(0, 80) + "…" : value) + " is not safe in a shell line: letters, digits,"
                        + " spaces and . _ / : = + @ % , - only, at most " + MAX_VALUE + " characters");
            }
            values.put(token, value);
        }
        if (!missing.isEmpty()) {
            throw CliException.usage("no value for " + String.join(", ", missing));
        }
        return values;
    }
}
