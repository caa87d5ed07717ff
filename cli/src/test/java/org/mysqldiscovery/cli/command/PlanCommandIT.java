package org.mysqldiscovery.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.cli.support.CliRun;
import org.mysqldiscovery.cli.support.CliRun.Result;
import org.mysqldiscovery.cli.support.ZkFixture;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.sandbox.proxysql.ProxySqlAdminStandIn;
import org.mysqldiscovery.sandbox.proxysql.StandInConfig;

/**
 * {@code plan} with the sync's own loader and planner, against a real ZooKeeper and the sandbox's ProxySQL admin
 * stand-in (ProxySQL itself cannot be installed here).
 */
class PlanCommandIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    ZkFixture zk;
    ProxySqlAdminStandIn proxysql;
    Path config;

    @BeforeEach
    void start() throws Exception {
        zk = new ZkFixture();
        proxysql = new ProxySqlAdminStandIn(StandInConfig.loopback(0, "admin", "admin-pw", dir.resolve("proxysql")));
        proxysql.start();
        Path password = dir.resolve("admin.password");
        Files.writeString(password, "admin-pw\n");
        config = syncConfig(proxysql.port(), password);
    }

    @AfterEach
    void stop() throws Exception {
        proxysql.close();
        zk.close();
    }

    Path syncConfig(int port, Path password) throws Exception {
        Path file = dir.resolve("sync-" + port + ".yaml");
        Files.writeString(file, "zookeeper:\n  allowUnauthenticated: true\n  connectString: " + zk.connectString() + "\n"
                + "proxysql:\n  host: 127.0.0.1\n  port: " + port + "\n  user: admin\n  passwordFile: " + password
                + "\n  connectTimeoutMillis: 1000\n"
                + "hostgroups:\n  orders: {primary: 10, replica: 20}\n  users: {primary: 30, replica: 40}\n");
        return file;
    }

    void admin(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(proxysql.mariadbJdbcUrl(), "admin", "admin-pw");
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    Result plan(String... extra) {
        List<String> args = new ArrayList<>(List.of("plan", "--config", config.toString()));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void a_remote_hostgroup_is_planned_and_named_in_the_comment() throws Exception {
        // Registrations here are in dc1, the sync in east: every replica is remote, so the fallback routes it in the
        // role's hostgroup too.
        Files.writeString(config, Files.readString(config)
                .replace("  connectTimeoutMillis: 1000\n", "  connectTimeoutMillis: 1000\n  datacenter: east\n")
                .replace("orders: {primary: 10, replica: 20}", "orders: {primary: 10, replica: 20, replica-remote: 21}")
                .replace("users: {primary: 30, replica: 40}", "users: {primary: 30, replica: 40, replica-remote: 41}")
                + "defaults:\n  replica: {remote: {mode: hostgroup}}\n");
        zk.register("orders", Role.PRIMARY, "db1:3306");
        zk.register("orders", Role.REPLICA, "db2:3306");

        Result r = plan();

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("  + hostgroup 20 db2:3306 ONLINE weight=1 max_connections=100"
                        + " comment=mysql-discovery:orders/replica\n")
                .contains("  + hostgroup 21 db2:3306 ONLINE weight=1 max_connections=100"
                        + " comment=mysql-discovery:orders/replica-remote");
    }

    @Test
    void an_empty_proxysql_gets_every_registered_server() throws Exception {
        zk.register("orders", Role.PRIMARY, "db1:3306");
        zk.register("orders", Role.REPLICA, "db2:3306");
        zk.register("users", Role.PRIMARY, "db5:3306");
        zk.register("billing", Role.PRIMARY, "db7:3306");
        zk.register("orders", Role.REPLICA, "db3:3306");
        zk.quarantine("db3:3306", "disk errors");

        Result r = plan();

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).startsWith("plan for 127.0.0.1:" + proxysql.port() + ": 3 row(s) to write, 0 to delete")
                .contains("  + hostgroup 10 db1:3306 ONLINE weight=1 max_connections=100 comment=mysql-discovery:orders/primary")
                .contains("  + hostgroup 20 db2:3306 ONLINE")
                .contains("  + hostgroup 30 db5:3306 ONLINE")
                .contains("not routed: schemas registered but not in this sync's hostgroups: billing")
                .contains("not routed: 1 registration(s) of quarantined instances");
        assertThat(proxysql.statements()).noneMatch(s -> s.toUpperCase().startsWith("REPLACE")
                || s.toUpperCase().startsWith("DELETE") || s.toUpperCase().startsWith("LOAD")
                || s.toUpperCase().startsWith("INSERT"));
    }

    @Test
    void the_json_document_has_the_documented_shape() throws Exception {
        zk.register("orders", Role.PRIMARY, "db1:3306");
        zk.register("orders", Role.REPLICA, "db2:3306");
        admin("INSERT INTO mysql_servers (hostgroup_id, hostname, port, weight, max_connections, comment) VALUES"
                        + " (10, 'db1', 3306, 1, 100, 'mysql-discovery:orders/primary')",
                "INSERT INTO mysql_servers (hostgroup_id, hostname, port, comment) VALUES (20, 'gone', 3306, 'x')");

        Result r = plan("--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(StatusCommandIT.fieldNames(doc)).containsExactly("proxysql", "wouldChange", "complete", "digest",
                "upserts", "deletes", "schemas", "massRemoval", "hostgroupConflict", "runtimeMatchesConfig",
                "unknownSchemas", "skippedQuarantined", "skippedUnmapped", "ignoredNodes");
        assertThat(doc.get("wouldChange").asBoolean()).isTrue();
        assertThat(StatusCommandIT.fieldNames(doc.get("upserts").get(0))).containsExactly("hostgroupId", "hostname",
                "port", "gtidPort", "status", "weight", "compression", "maxConnections", "maxReplicationLag",
                "useSsl", "maxLatencyMs", "comment");
        assertThat(doc.get("deletes").get(0).toString())
                .isEqualTo("{\"hostgroupId\":20,\"hostname\":\"gone\",\"port\":3306}");
        assertThat(doc.get("schemas").findValuesAsText("guard")).containsExactly("ok", "no-primary");
        assertThat(doc.get("massRemoval").isNull()).isTrue();
    }

    @Test
    void nothing_to_change_exits_0() throws Exception {
        zk.register("orders", Role.PRIMARY, "db1:3306");
        zk.register("users", Role.PRIMARY, "db5:3306");
        admin("INSERT INTO mysql_servers (hostgroup_id, hostname, port, weight, max_connections, comment) VALUES"
                        + " (10, 'db1', 3306, 1, 100, 'mysql-discovery:orders/primary')",
                "INSERT INTO mysql_servers (hostgroup_id, hostname, port, weight, max_connections, comment) VALUES"
                        + " (30, 'db5', 3306, 1, 100, 'mysql-discovery:users/primary')",
                "LOAD MYSQL SERVERS TO RUNTIME");

        Result r = plan();

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("plan for 127.0.0.1:" + proxysql.port()
                + ": no change: ProxySQL already holds the plan");
    }

    @Test
    void a_double_primary_is_refused_as_the_sync_would() throws Exception {
        zk.register("orders", Role.PRIMARY, "db1:3306");
        zk.register("orders", Role.PRIMARY, "db4:3306");
        zk.register("users", Role.PRIMARY, "db5:3306");

        JsonNode doc = JSON.readTree(plan("--json").out());

        assertThat(doc.get("complete").asBoolean()).isFalse();
        JsonNode orders = doc.get("schemas").get(0);
        assertThat(orders.get("guard").asText()).isEqualTo("double-primary");
        assertThat(orders.get("refused").asBoolean()).isTrue();
        assertThat(orders.get("primaries").toString()).isEqualTo("[\"db1:3306\",\"db4:3306\"]");
        assertThat(plan().out()).contains("schema orders: double-primary, refused: its rows stay as they are");
    }

    @Test
    void a_mass_removal_and_a_hostgroup_conflict_are_refusals() throws Exception {
        zk.register("orders", Role.PRIMARY, "db1:3306");
        admin("INSERT INTO mysql_servers (hostgroup_id, hostname, port, comment) VALUES (20, 'a', 3306, 'x')",
                "INSERT INTO mysql_servers (hostgroup_id, hostname, port, comment) VALUES (20, 'b', 3306, 'x')",
                "INSERT INTO mysql_servers (hostgroup_id, hostname, port, comment) VALUES (20, 'c', 3306, 'x')");
        Result mass = plan();
        assertThat(mass.exitCode()).isEqualTo(1);
        assertThat(mass.out()).contains("REFUSED: mass removal (3 of 3 servers, limit 50%)");

        admin("INSERT INTO mysql_replication_hostgroups (writer_hostgroup, reader_hostgroup) VALUES (10, 20)");
        Result conflict = plan();
        assertThat(conflict.exitCode()).isEqualTo(1);
        assertThat(conflict.out()).contains("REFUSED: the sync writes nothing while a managed hostgroup is in"
                + " mysql_replication_hostgroups", "hostgroup 10 is a writer_hostgroup");
    }

    @Test
    void bad_input_and_unreachable_servers_are_exit_2_with_a_clear_message() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "zookeeper:\n  allowUnauthenticated: true\n  connectString: x:1\nhostgroups: {}\n");
        Result invalid = CliRun.run("plan", "--config", bad.toString());
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).startsWith("error: sync config: " + bad);

        Result missing = CliRun.run("plan");
        assertThat(missing.exitCode()).isEqualTo(2);

        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        Path password = dir.resolve("admin.password");
        config = syncConfig(closed, password);
        Result down = plan();
        assertThat(down.exitCode()).as(down.toString()).isEqualTo(2);
        assertThat(down.err()).startsWith("error: cannot read ProxySQL admin admin@127.0.0.1:" + closed + ": ")
                .doesNotContain("\tat ");
    }
}
