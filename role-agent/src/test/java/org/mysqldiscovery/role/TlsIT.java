package org.mysqldiscovery.role;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.http.TlsSettings;
import org.mysqldiscovery.common.hooks.HookLines;
import org.mysqldiscovery.role.testing.AgentFixture;
import org.mysqldiscovery.role.testing.Ports;

/** HTTPS: the agent serves TLS only, and the shipped hook lines work with @SCHEME@=https and --cacert. */
class TlsIT {
    @TempDir
    static Path dir;
    private static TestingServer zookeeper;
    private static RoleAgent agent;
    private static AgentFixture fixture;
    private static Path certificate;
    private static int port;

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    }

    @BeforeAll
    static void start() throws Exception {
        zookeeper = new TestingServer();
        Path keystore = dir.resolve("agent.p12");
        certificate = dir.resolve("agent.pem");
        Path passwordFile = dir.resolve("keystore-password");
        Files.writeString(passwordFile, "keystore-pw\n");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "agent", "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "keystore-pw"));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "agent", "-keystore", keystore.toString(),
                "-storepass", "keystore-pw", "-file", certificate.toString()));
        port = Ports.freeOnAll("127.0.0.1");
        fixture = new AgentFixture(dir.resolve("agent")).instance("127.0.0.1:3306").bind("127.0.0.1", port)
                .zookeeper(zookeeper.getConnectString())
                .tls(new TlsSettings(keystore.toString(), SecretFile.read(passwordFile), null));
        agent = fixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
        zookeeper.close();
    }

    private static String bash(String line) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + ":" + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void the_promotion_hook_line_works_over_https_with_the_ca_certificate() throws Exception {
        HookLines hooks = HookLines.bundled().render(new HookLines.DeployTokens(port, fixture.tokenFile().toString(),
                "https", "--cacert " + certificate, null));
        String line = HookLines.paste(hooks.lines(HookLines.POST_MASTER_FAILOVER).get(1), Map.of("command",
                "graceful-master-takeover", "successorHost", "127.0.0.1", "successorPort", "3306", "failedHost",
                "127.0.0.9", "failedPort", "3306", "recoveryUID", "7:tls", "failureType", "DeadMaster"));
        assertThat(bash(line)).startsWith("0:").contains("\"changed\":true");
        assertThat(new RoleDirectory(fixture.roleDirectory()).readRole()).isEqualTo(Role.PRIMARY);
    }

    @Test
    void plain_http_is_not_served_and_an_unknown_certificate_is_refused_by_the_client() throws Exception {
        assertThat(bash("curl -sS -m 2 -o /dev/null -w '%{http_code}' http://127.0.0.1:" + port + "/health"))
                .doesNotStartWith("0:200");
        assertThat(bash("curl -sS -m 2 https://127.0.0.1:" + port + "/health")).doesNotStartWith("0:");
        assertThat(bash("curl -sS -m 2 --cacert " + certificate + " https://127.0.0.1:" + port + "/health"))
                .startsWith("0:").contains("\"instance\"");
    }
}
