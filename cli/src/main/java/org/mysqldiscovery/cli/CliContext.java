package org.mysqldiscovery.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What commands take from their surroundings, passed in so tests can run commands in-process.
 *
 * @param clock         for ages and timestamps
 * @param environment   environment variable lookup
 * @param codeLocation  where the CLI's own classes are (its jar, or a classes directory): check-config looks for
 *                      the other programs' jars near it
 * @param user          who runs the command ({@code user@host}), recorded in quarantines
 */
public record CliContext(Clock clock, Function<String, String> environment, Optional<Path> codeLocation,
        Supplier<String> user) {

    public static CliContext system() {
        Optional<Path> location;
        try {
            location = Optional.of(Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // No usable code source (unusual class loaders): check-config then needs --jar.
            location = Optional.empty();
        }
        return new CliContext(Clock.systemUTC(), System::getenv, location, CliContext::whoAmI);
    }

    /** {@code user@host}; looked up only when needed (a host name lookup can be slow). */
    static String whoAmI() {
        String user = System.getProperty("user.name", "unknown");
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return user + "@" + host;
    }
}
