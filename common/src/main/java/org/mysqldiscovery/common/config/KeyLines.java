package org.mysqldiscovery.common.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The line a key of a YAML document is on, by its path ({@code mysql.port}, {@code targets[1].name}). */
final class KeyLines {
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private KeyLines() {
    }

    /** The 1-based line of the key at {@code path}; empty when the path is not in the document or it cannot be read. */
    static Optional<Integer> lineOf(String yaml, String path) {
        if (path == null || path.isEmpty()) {
            return Optional.empty();
        }
        Node node;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setNestingDepthLimit(20);
            node = new Yaml(options).compose(new StringReader(yaml));
        } catch (YAMLException | IllegalArgumentException e) {
            return Optional.empty(); // the binding error is reported without a line
        }
        List<String> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(path);
        while (m.find()) {
            segments.add(m.group(1) != null ? m.group(1) : "[" + m.group(2));
        }
        Integer line = null;
        for (String segment : segments) {
            if (segment.startsWith("[")) {
                int index = Integer.parseInt(segment.substring(1));
                if (!(node instanceof SequenceNode seq) || index >= seq.getValue().size()) {
                    return Optional.empty();
                }
                node = seq.getValue().get(index);
                line = node.getStartMark().getLine() + 1;
                continue;
            }
            if (!(node instanceof MappingNode map)) {
                return Optional.empty();
            }
            Node next = null;
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(segment)) {
                    line = key.getStartMark().getLine() + 1;
                    next = tuple.getValueNode();
                    break;
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            node = next;
        }
        return Optional.ofNullable(line);
    }
}
