package org.mysqldiscovery.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The contracts ship with the code: every relative link in every Markdown file resolves inside the checkout. */
class MarkdownLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)");
    private static final Pattern FENCED = Pattern.compile("(?ms)^```.*?^```");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\n]*`");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    @Test
    void every_relative_markdown_link_resolves_inside_the_repository() throws IOException {
        Path root = checkoutRoot();
        List<String> dead = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !isBuildOutput(root.relativize(p)))
                    .forEach(file -> dead.addAll(deadLinks(root, file)));
        }
        assertThat(dead).as("links that leave the repository or point at nothing").isEmpty();
    }

    private static List<String> deadLinks(Path root, Path file) {
        List<String> dead = new ArrayList<>();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        // Code is not a link: drop fenced blocks and inline code spans first.
        String prose = CODE_SPAN.matcher(FENCED.matcher(text).replaceAll("")).replaceAll("");
        Matcher m = LINK.matcher(prose);
        while (m.find()) {
            String target = m.group(1);
            if (SCHEME.matcher(target).find()) {
                continue;
            }
            Path resolved = file.getParent().resolve(target).normalize();
            if (!resolved.startsWith(root) || !Files.exists(resolved)) {
                dead.add(root.relativize(file) + " -> " + target);
            }
        }
        return dead;
    }

    private static boolean isBuildOutput(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("target") || name.equals(".git") || name.equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    /** The directory holding the reactor's pom.xml and README.md, above this module. */
    private static Path checkoutRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir.normalize();
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no checkout root above " + Path.of("").toAbsolutePath());
    }
}
