package org.mysqldiscovery.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.cli.support.CliRun;
import org.mysqldiscovery.cli.support.CliRun.Result;
import org.mysqldiscovery.cli.support.ZkFixture;
import org.mysqldiscovery.common.model.Role;

/** {@code status} against a real ZooKeeper, in-process. */
class StatusCommandIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:09:05Z"), ZoneOffset.UTC);

    ZkFixture zk;

    @BeforeEach
    void start() throws Exception {
        zk = new ZkFixture();
    }

    @AfterEach
    void stop() throws Exception {
        zk.close();
    }

    Result status(String... extra) {
        String[] args = new String[extra.length + 3];
        args[0] = "status";
        args[1] = "--zookeeper=" + zk.connectString();
        args[2] = "--allow-unauthenticated";
        System.arraycopy(extra, 0, args, 3, extra.length);
        return CliRun.run(CLOCK, Map.of(), args);
    }

    void healthyCluster() throws Exception {
        zk.register("orders", Role.PRIMARY, "db1:3306");
        zk.register("orders", Role.REPLICA, "db2:3306");
        zk.register("orders", Role.REPORTING_REPLICA, "db3:3306");
        zk.register("users", Role.PRIMARY, "db5:3306");
    }

    @Test
    void a_healthy_view_shows_schemas_roles_instances_and_converged_syncs() throws Exception {
        healthyCluster();
        zk.quarantine("db4:3306", "superseded by db1:3306");
        long zxid = zk.currentZxid();
        zk.sync("proxy1:6032", zxid, false, "apply", Map.of("orders", "ok", "users", "ok"));
        zk.sync("proxy2:6032", 1, false, "apply", Map.of("orders", "ok", "users", "ok"));

        Result r = status();

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("healthy", "schema orders", "schema users")
                .containsPattern("ROLE +INSTANCE +STATE +DC +WEIGHT +REGISTERED +AGENT")
                .containsPattern("primary +db1:3306 +registered +dc1 +1 +5m00s ago")
                .containsPattern("replica +db2:3306")
                .containsPattern("reporting-replica +db3:3306")
                .contains("db4:3306", "by role-agent@db9: superseded by db1:3306 [recovery 1:abc]")
                .contains("syncs: 2 (1 converged")
                .containsPattern("PROXYSQL +MODE +APPLIED ZXID +APPLIED +STATE +GUARDS")
                .containsPattern("proxy1:6032 +apply +\\d+ +5m00s ago +converged")
                .containsPattern("proxy2:6032 +apply +1 .*NOT CONVERGED");
        assertThat(r.err()).isEmpty();
        assertThat(r.warnedUnauthenticated()).as("the ZooKeeper opt-out is said on stderr").isTrue();
    }

    @Test
    void the_json_document_has_the_documented_shape() throws Exception {
        healthyCluster();
        zk.quarantine("db4:3306", "superseded by db1:3306");
        zk.sync("proxy1:6032", zk.currentZxid(), false, "apply", Map.of("orders", "ok", "users", "ok"));

        Result r = status("--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(fieldNames(doc)).containsExactly("root", "viewZxid", "healthy", "converged", "schemas",
                "quarantines", "syncs", "problems", "strayRows", "proxysqlErrors");
        assertThat(doc.get("root").asText()).isEqualTo("/mysql-discovery");
        assertThat(doc.get("healthy").asBoolean()).isTrue();
        assertThat(doc.get("converged").asBoolean()).isTrue();
        JsonNode orders = doc.get("schemas").get(0);
        assertThat(fieldNames(orders)).containsExactly("schema", "flags", "primaries", "guards", "instances");
        assertThat(orders.get("schema").asText()).isEqualTo("orders");
        assertThat(orders.get("flags")).isEmpty();
        assertThat(orders.get("primaries").get(0).asText()).isEqualTo("db1:3306");
        assertThat(orders.get("guards").get("proxy1:6032").asText()).isEqualTo("ok");
        JsonNode db1 = orders.get("instances").get(0);
        assertThat(fieldNames(db1)).containsExactly("instance", "role", "quarantined", "datacenter", "weight",
                "maxConnections", "registeredAt", "agentVersion", "problem", "proxysql");
        assertThat(db1.get("registeredAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
        JsonNode q = doc.get("quarantines").get(0);
        assertThat(fieldNames(q)).containsExactly("instance", "reason", "createdBy", "createdAt", "ageSeconds",
                "recoveryUid", "registeredAs", "problem");
        assertThat(q.get("ageSeconds").asLong()).isEqualTo(300);
        JsonNode sync = doc.get("syncs").get(0);
        assertThat(fieldNames(sync)).containsExactly("proxysql", "mode", "appliedZxid", "appliedAt", "blind",
                "converged", "guards", "agentVersion", "problem");
        assertThat(sync.get("converged").asBoolean()).isTrue();
        assertThat(doc.get("viewZxid").asLong()).isPositive();
    }

    @Test
    void a_double_primary_is_flagged_and_exits_1() throws Exception {
        healthyCluster();
        zk.register("orders", Role.PRIMARY, "db4:3306");

        Result r = status("--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode orders = JSON.readTree(r.out()).get("schemas").get(0);
        assertThat(orders.get("flags").toString()).isEqualTo("[\"double-primary\"]");
        assertThat(status().out()).contains("schema orders  [DOUBLE-PRIMARY]", "NOT HEALTHY");
    }

    @Test
    void a_quarantined_old_primary_whose_node_lingers_is_not_a_double_primary() throws Exception {
        healthyCluster();
        zk.register("orders", Role.PRIMARY, "db4:3306");
        zk.quarantine("db4:3306", "superseded by db1:3306");

        Result r = status();

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("primary +db4:3306 +QUARANTINED")
                .contains("[still registered as orders/primary]");
    }

    @Test
    void a_schema_without_primary_is_flagged_and_so_is_one_outside_the_known_schemas() throws Exception {
        healthyCluster();
        zk.unregister("users", Role.PRIMARY, "db5:3306");
        zk.register("billing", Role.PRIMARY, "db7:3306");
        zk.sync("proxy1:6032", zk.currentZxid(), false, "apply", Map.of("*", "ok", "users", "no-primary"));
        java.nio.file.Path config = java.nio.file.Files.createTempFile("cli", ".yaml");
        java.nio.file.Files.writeString(config, "knownSchemas: [orders, users, ghost]\n");

        JsonNode doc = JSON.readTree(status("--json", "--config", config.toString()).out());

        assertThat(doc.get("schemas").findValuesAsText("schema")).containsExactly("billing", "ghost", "orders", "users");
        assertThat(doc.get("schemas").get(0).get("flags").toString()).isEqualTo("[\"unknown-schema\"]");
        assertThat(doc.get("schemas").get(1).get("flags").toString()).isEqualTo("[\"no-primary\"]");
        assertThat(doc.get("schemas").get(2).get("flags")).isEmpty();
        assertThat(doc.get("schemas").get(3).get("flags").toString()).isEqualTo("[\"no-primary\"]");
        assertThat(doc.get("schemas").get(3).get("guards").get("proxy1:6032").asText()).isEqualTo("no-primary");
        assertThat(doc.get("healthy").asBoolean()).isFalse();

        JsonNode withoutKnown = JSON.readTree(status("--json").out());
        assertThat(withoutKnown.get("schemas").findValuesAsText("schema")).containsExactly("billing", "orders", "users");
        assertThat(withoutKnown.get("schemas").get(0).get("flags")).isEmpty();
    }

    @Test
    void malformed_nodes_are_listed_as_problems_without_escape_sequences_reaching_the_terminal() throws Exception {
        healthyCluster();
        // JSON escapes: the payloads are valid JSON whose strings carry terminal escape sequences.
        zk.raw(zk.layout().mysqlRoot() + "/orders/replica/db9:3306", "{\"host\":\"\\u001b[2J\",\"port\":3306}");
        zk.raw(zk.layout().quarantineRoot() + "/db8:3306", "{\"reason\":\"\\u001b]0;owned\\u0007\","
                + "\"createdBy\":\"x\",\"createdAt\":\"2026-01-01T00:00:00Z\"}");

        Result r = status();

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("problems: 1", "/mysql-discovery/mysql/orders/replica/db9:3306")
                .contains("MALFORMED")
                .contains("\\u001b]0;owned\\u0007")
                .doesNotContain("\u001b");
    }

    @Test
    void one_schema_only_and_an_unknown_schema_is_an_input_error() throws Exception {
        healthyCluster();

        Result users = status("--schema", "users", "--json");
        assertThat(users.exitCode()).as(users.toString()).isZero();
        assertThat(JSON.readTree(users.out()).get("schemas").findValuesAsText("schema")).containsExactly("users");

        Result unknown = status("--schema", "nosuch");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("schema nosuch is unknown");

        Result invalid = status("--schema", "Not/Valid");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("schema name \"Not/Valid\" is invalid");
    }

    @Test
    void an_unreachable_zookeeper_is_a_clear_message_within_the_connection_timeout_exit_2() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Result r = CliRun.run("status", "--zookeeper", "127.0.0.1:" + port, "--zookeeper-timeout", "1s",
                "--allow-unauthenticated");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: cannot reach ZooKeeper at 127.0.0.1:" + port
                + " within 1000 ms (is it running, and is --zookeeper right?)\n");
        assertThat(r.out()).isEmpty();
        assertThat(r.took().toMillis()).isLessThan(10 * (1000 + 700)); // 10x its budget (busy CI)
    }

    @Test
    void a_config_file_gives_the_zookeeper_and_a_bad_one_is_named() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cli-status");
        java.nio.file.Path good = dir.resolve("cli.yaml");
        java.nio.file.Files.writeString(good, "zookeeper:\n  allowUnauthenticated: true\n  connectString: " + zk.connectString() + "\n");
        java.nio.file.Path bad = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(bad, "zookeepr:\n  connectString: x\n");
        healthyCluster();

        assertThat(CliRun.run("status", "--config", good.toString()).exitCode()).isZero();
        assertThat(CliRun.run(CLOCK, Map.of("MYSQL_DISCOVERY_CONFIG", good.toString()), "status").exitCode())
                .isZero();
        Result r = CliRun.run("status", "--config", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(bad.toString(), "zookeepr: unknown key");
    }

    static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
