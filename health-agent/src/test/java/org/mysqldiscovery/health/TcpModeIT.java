package org.mysqldiscovery.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.health.testing.RunningAgent;
import org.mysqldiscovery.health.testing.ZkServer;

/** tcp mode (ProxySQL hosts): registered while the port accepts connections. */
class TcpModeIT {

    @Test
    void a_proxysql_host_is_registered_while_its_port_accepts_connections() throws IOException {
        try (ZkServer zk = ZkServer.create(200, true)) {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            int port = listener.getLocalPort();
            String yaml = "mode: tcp\ninstance: 127.0.0.1:" + port + "\n"
                    + "zookeeper: {allowUnauthenticated: true, connectString: \"" + zk.connectString() + "\", root: /tcp}\n"
                    + "http: {port: 0}\ncheckIntervalMillis: 200\ncheckTimeoutMillis: 300\n";
            String path = "/tcp/proxysql/127.0.0.1:" + port;
            try (RunningAgent agent = RunningAgent.start(yaml)) {
                await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10)).until(() -> zk.exists(path));
                JsonNode payload = new ObjectMapper().readTree(zk.data(path));
                assertThat(payload.get("role").asText()).isEqualTo("proxysql");
                assertThat(payload.get("port").asInt()).isEqualTo(port);
                assertThat(payload.get("schema").isNull()).isTrue();
                await().atMost(Duration.ofSeconds(2)).until(() -> agent.health().status() == 200);

                listener.close();
                long closed = System.nanoTime();
                // 10x its budget: a busy CI machine must not fail this, a hang still does.
                await().atMost(Duration.ofMillis(10 * (200 + 300))).pollInterval(Duration.ofMillis(2))
                        .until(() -> !zk.exists(path));
                System.out.printf("port closed -> unregistered in %d ms%n", (System.nanoTime() - closed) / 1_000_000);
                await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                    RunningAgent.Health h = agent.health();
                    assertThat(h.status()).isEqualTo(503);
                    assertThat(h.message("tcp")).contains("does not accept connections");
                });

                // Back: slow to add (rise 2).
                try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                    await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10))
                            .until(() -> again.isBound() && zk.exists(path));
                }
            } finally {
                listener.close();
            }
        }
    }
}
