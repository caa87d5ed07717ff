package org.mysqldiscovery.sandbox.suite;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the suite's executable jars. Under Maven (integration-tests, failsafe) the system property
 * {@value #PROPERTY} names the directory into which the build copied the jars it resolved from the reactor
 * (classifier {@code program}, execution {@code program-jars}): then that directory is the only place looked at,
 * so a test never runs a stale jar from elsewhere. Without the property ({@code java -jar sandbox.jar}):
 * {@code <module>/target/<name>.jar} of the checkout this sandbox runs from (next to
 * {@code sandbox/target/sandbox.jar}), or of the working directory or its parent.
 */
public final class ProgramJars {
    public static final String PROPERTY = "mysqldiscovery.jars";
    public static final String HEALTH_AGENT = "health-agent";
    public static final String ROLE_AGENT = "role-agent";
    public static final String PROXYSQL_SYNC = "proxysql-sync";
    public static final String CLI = "cli";

    private final List<Path> roots;
    private final String howToBuild;

    /** Looks in each root for {@code <name>.jar} and {@code <module>/target/<name>.jar}. */
    public ProgramJars(List<Path> roots) {
        this(roots, "run ./mvnw -B -q package -DskipTests");
    }

    private ProgramJars(List<Path> roots, String howToBuild) {
        this.roots = List.copyOf(roots);
        this.howToBuild = howToBuild;
    }

    /** The jars the build resolved into {@code directory} (and nowhere else). */
    public static ProgramJars resolvedInto(Path directory) {
        return new ProgramJars(List.of(directory), "the build copies them there in pre-integration-test "
                + "(maven-dependency-plugin execution program-jars): run ./mvnw -B verify -pl integration-tests -am");
    }

    /** The property's directory when set, else the checkout around the running sandbox jar or classes. */
    public static ProgramJars discover() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return resolvedInto(Path.of(property));
        }
        List<Path> roots = new ArrayList<>();
        try {
            Path code = Path.of(ProgramJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // sandbox/target/sandbox.jar or sandbox/target/classes → the checkout is two levels up.
            Path checkout = code.getParent() == null ? null : code.getParent().getParent();
            if (checkout != null && checkout.getParent() != null) {
                roots.add(checkout.getParent());
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // No code source (unusual class loader): the other roots still apply.
            roots.add(Path.of("."));
        }
        roots.add(Path.of("").toAbsolutePath());
        roots.add(Path.of("").toAbsolutePath().getParent() == null ? Path.of("/") : Path.of("").toAbsolutePath().getParent());
        return new ProgramJars(roots);
    }

    /** The jar of {@code module} ({@code cli}'s is {@code mysql-discovery.jar}). */
    public Optional<Path> find(String module) {
        String name = jarName(module);
        for (Path root : roots) {
            for (Path candidate : List.of(root.resolve(name), root.resolve(module).resolve("target").resolve(name))) {
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate.toAbsolutePath().normalize());
                }
            }
        }
        return Optional.empty();
    }

    public Path require(String module) {
        return find(module).orElseThrow(() -> new IllegalStateException("the " + module + " jar ("
                + jarName(module) + ") is not built: " + howToBuild + " (looked in " + roots + ")"));
    }

    private static String jarName(String module) {
        return module.equals(CLI) ? "mysql-discovery.jar" : module + ".jar";
    }
}
