package org.mysqldiscovery.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogSetupTest {
    /** Rejects a key written twice in one object, which most JSON log pipelines silently resolve either way. */
    static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Logger LOG = LoggerFactory.getLogger(LogSetupTest.class);
    private final PrintStream stdout = System.out;

    @AfterEach
    void restore() {
        System.setOut(stdout);
        LogSetup.apply(new LogSettings("text", "INFO"), "test");
    }

    @Test
    void every_json_line_parses_strictly_and_names_the_program_once() throws Exception {
        List<String> lines = capture("json", () -> {
            LOG.info("plain");
            LOG.warn("with \"quotes\", a newline\nand {} arguments: {}", 2, "{\"program\":\"x\"}");
            LOG.error("with an exception", new IllegalStateException("boom \u0000 \u2028"));
        });
        assertThat(lines).hasSize(3);
        for (String line : lines) {
            JsonNode node = STRICT.readTree(line); // throws on a duplicate key
            assertThat(node.get("program").asText()).isEqualTo("health-agent");
            assertThat(node.has("@timestamp")).isTrue();
        }
        assertThat(STRICT.readTree(lines.get(2)).get("stack_trace").asText()).contains("IllegalStateException");
    }

    @Test
    void text_lines_carry_the_date_and_the_offset() {
        List<String> lines = capture("text", () -> LOG.info("hello"));
        assertThat(lines).singleElement().satisfies(line -> assertThat(line)
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) INFO  \\[health-agent\\] "
                        + ".* - hello"));
    }

    private List<String> capture(String format, Runnable logging) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        LogSetup.apply(new LogSettings(format, "INFO"), "health-agent");
        logging.run();
        System.setOut(stdout);
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
}
