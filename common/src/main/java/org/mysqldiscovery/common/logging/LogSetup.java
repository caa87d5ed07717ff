package org.mysqldiscovery.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/** Configures logback for a program: human text or JSON lines on stdout, chosen in the config. */
public final class LogSetup {
    /** ISO 8601 with the offset: a text line says when it happened without the journal's help. */
    public static final String TEXT_DATE = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}";

    private LogSetup() {
    }

    public static void apply(LogSettings settings, String program) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.putProperty("program", program);
        Encoder<ILoggingEvent> encoder;
        if (settings.format().equals("json")) {
            LogstashEncoder json = new LogstashEncoder();
            // "program" comes from the context property above: a custom field too would write the key twice.
            json.setContext(context);
            json.start();
            encoder = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(TEXT_DATE + " %-5level [" + program + "] [%thread] %logger{20} - %msg%n");
            text.setContext(context);
            text.start();
            encoder = text;
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(settings.level(), Level.INFO));
        root.addAppender(console);
        // ZooKeeper and Jetty are chatty at INFO; their warnings still show.
        context.getLogger("org.apache.zookeeper").setLevel(Level.WARN);
        context.getLogger("org.apache.curator").setLevel(Level.WARN);
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        context.getLogger("io.javalin").setLevel(Level.WARN);
    }
}
