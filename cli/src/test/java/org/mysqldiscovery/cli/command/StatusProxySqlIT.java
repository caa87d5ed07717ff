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
 * {@code status --sync-config}: the hostgroups and weights ProxySQL really holds, read from the runtime through the
 * admin interface of the sandbox's ProxySQL admin stand-in, next to what ZooKeeper says.
 */
class StatusProxySqlIT {
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
        config = dir.resolve("sync.yaml");
        Files.writeString(config, "zookeeper:\n  allowUnauthenticated: true\n  connectString: " + zk.connectString() + "\n"
                + "proxysql:\n  host: 127.0.0.1\n  port: " + proxysql.port() + "\n  user: admin\n  passwordFile: "
                + password + "\n  connectTimeoutMillis: 1000\n"
                + "hostgroups:\n  orders: {primary: 10, replica: 20}\n");
    }

    @AfterEach
    void stop() throws Exception {
        proxysql.close();
        zk.close();
    }

    void admin(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(proxysql.mariadbJdbcUrl(), "admin", "admin-pw");
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    Result status(String... extra) {
        List<String> args = new ArrayList<>(List.of("status", "--allow-unauthenticated", "--zookeeper", zk.connectString()));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void shows_the_hostgroup_and_weight_proxysql_holds_and_rows_nobody_registered() throws Exception {
        zk.register("orders", Role.PRIMARY, "db1:3306");
        zk.register("orders", Role.REPLICA, "db2:3306");
        admin("INSERT INTO mysql_servers (hostgroup_id, hostname, port, weight) VALUES (10, 'db1', 3306, 1000)",
                "INSERT INTO mysql_servers (hostgroup_id, hostname, port, weight, status) VALUES"
                        + " (20, 'db2', 3306, 500, 'OFFLINE_SOFT')",
                "INSERT INTO mysql_servers (hostgroup_id, hostname, port, weight) VALUES (10, 'db9', 3306, 1000)",
                "LOAD MYSQL SERVERS TO RUNTIME");

        Result text = status("--sync-config", config.toString());

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("ROLE", "INSTANCE", "WEIGHT", "PROXYSQL RUNTIME")
                .containsPattern("primary +db1:3306 +registered .*127\\.0\\.0\\.1:\\d+: hostgroup 10 weight 1000")
                .containsPattern("replica +db2:3306 .*hostgroup 20 weight 500 OFFLINE_SOFT")
                .contains("proxysql rows without a registration: 1")
                .containsPattern("db9:3306 +127\\.0\\.0\\.1:\\d+: hostgroup 10 weight 1000");

        Result json = status("--sync-config", config.toString(), "--json");
        assertThat(json.out()).contains("\"hostgroup\" : 10", "\"weight\" : 1000", "\"role\" : \"primary\"",
                "\"strayRows\"", "\"proxysqlErrors\" : [ ]");
    }

    @Test
    void a_row_in_a_remote_hostgroup_is_shown_as_remote() throws Exception {
        Files.writeString(config, Files.readString(config)
                .replace("  connectTimeoutMillis: 1000\n", "  connectTimeoutMillis: 1000\n  datacenter: east\n")
                .replace("{primary: 10, replica: 20}", "{primary: 10, replica: 20, replica-remote: 21}")
                + "defaults:\n  replica: {remote: {mode: hostgroup}}\n");
        zk.register("orders", Role.REPLICA, "db3:3306");
        admin("INSERT INTO mysql_servers (hostgroup_id, hostname, port, weight) VALUES (21, 'db3', 3306, 1000)",
                "LOAD MYSQL SERVERS TO RUNTIME");

        Result text = status("--sync-config", config.toString());
        assertThat(text.out()).as(text.toString())
                .containsPattern("replica +db3:3306 .*hostgroup 21 \\(remote\\) weight 1000");

        Result json = status("--sync-config", config.toString(), "--json");
        assertThat(json.out()).contains("\"hostgroup\" : 21", "\"remote\" : true");
    }

    @Test
    void a_registered_instance_proxysql_does_not_hold_says_not_routed() throws Exception {
        zk.register("orders", Role.PRIMARY, "db1:3306");

        Result r = status("--sync-config", config.toString());

        assertThat(r.out()).containsPattern("primary +db1:3306 .*NOT ROUTED");
    }

    @Test
    void an_unreachable_proxysql_makes_the_view_not_healthy_and_says_why() throws Exception {
        zk.register("orders", Role.PRIMARY, "db1:3306");
        proxysql.close();

        Result r = status("--sync-config", config.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("NOT HEALTHY", "PROXYSQL NOT READ: cannot read");
    }

    @Test
    void an_invalid_sync_config_is_a_usage_error_naming_the_file() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "proxysql: [\n");

        Result r = status("--sync-config", bad.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("sync config: " + bad);
    }
}
