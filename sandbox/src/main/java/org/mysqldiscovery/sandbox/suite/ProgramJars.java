package org.mysqldiscovery.sandbox.suite;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the suite's executable jars: {@code <module>/target/<name>.jar} of the checkout this sandbox runs from
 * (next to {@code sandbox/target/sandbox.jar}, or the working directory), or a directory named by the system
 * property {@code mysqldiscovery.jars}.
 */
public final class ProgramJars {
    public static final String HEALTH_AGENT = "health-agent";
    public static final String ROLE_AGENT = "role-agent";
    public static final String PROXYSQL_SYNC = "proxysql-sync";
    public static final String CLI = "cli";

    private final List<Path> roots;

    public ProgramJars(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** Roots: the property's directory, the checkout around the running sandbox jar or classes, the working dir. */
    public static ProgramJars discover() {
        List<Path> roots = new ArrayList<>();
        String property = System.getProperty("mysqldiscovery.jars");
        if (property != null) {
            roots.add(Path.of(property));
        }
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
        String name = module.equals(CLI) ? "mysql-discovery.jar" : module + ".jar";
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
        return find(module).orElseThrow(() -> new IllegalStateException("the " + module
                + " jar is not built: run ./mvnw -B -q package -DskipTests (looked in " + roots + ")"));
    }
}
