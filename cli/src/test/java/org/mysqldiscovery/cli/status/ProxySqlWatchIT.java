package org.mysqldiscovery.cli.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.cli.command.StatusReport;
import org.mysqldiscovery.cli.command.StatusReport.InstanceStatus;
import org.mysqldiscovery.cli.command.StatusReport.SchemaStatus;
import org.mysqldiscovery.sandbox.proxysql.ProxySqlAdminStandIn;
import org.mysqldiscovery.sandbox.proxysql.StandInConfig;

/**
 * What the status page shows each ProxySQL routing: runtime rows read through the admin interface of the sandbox's
 * ProxySQL admin stand-in with a sync's config, checked against the view; unreachable, silent and hostile admins.
 */
class ProxySqlWatchIT {
    private static final Instant T = Instant.parse("2026-12-07T08:00:00Z");

    @TempDir
    Path dir;
    ProxySqlAdminStandIn proxysql;
    Path password;

    @BeforeEach
    void start() throws Exception {
        proxysql = new ProxySqlAdminStandIn(StandInConfig.loopback(0, "admin", "admin-pw", dir.resolve("proxysql")));
        proxysql.start();
        password = dir.resolve("admin.password");
        Files.writeString(password, "admin-pw\n");
    }

    @AfterEach
    void stop() throws Exception {
        proxysql.close();
    }

    private Path syncConfig(String name, int port) throws Exception {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, "zookeeper:\n  allowUnauthenticated: true\n  connectString: 127.0.0.1:1\n"
                + "proxysql:\n  host: 127.0.0.1\n  port: " + port + "\n  user: admin\n  passwordFile: " + password
                + "\n  connectTimeoutMillis: 1000\n  statusName: " + name + ":6032\n"
                + "hostgroups:\n  orders: {primary: 10, replica: 20}\n");
        return config;
    }

    private void admin(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(proxysql.mariadbJdbcUrl(), "admin", "admin-pw");
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static StatusReport view() {
        SchemaStatus orders = new SchemaStatus("orders", List.of(), List.of("db1:3306"), Map.of(), List.of(
                new InstanceStatus("db1:3306", "primary", false, "dc1", 0, 0, T, "1", null, List.of()),
                new InstanceStatus("db2:3306", "replica", false, "dc1", 0, 0, T, "1", null, List.of()),
                new InstanceStatus("db3:3306", "replica", false, "dc1", 0, 0, T, "1", null, List.of())));
        return new StatusReport("/mysql-discovery", 10, true, true, List.of(orders), List.of(), List.of(), List.of(),
                List.of(), List.of());
    }

    @Test
    void each_hostgroup_shows_its_runtime_servers_checked_against_the_view_and_one_dead_admin_does_not_hide_the_others()
            throws Exception {
        admin("INSERT INTO mysql_servers (hostgroup_id, hostname, port, weight) VALUES (10, 'db1', 3306, 1000)",
                "INSERT INTO mysql_servers (hostgroup_id, hostname, port, weight) VALUES (10, 'db9', 3306, 1000)",
                "INSERT INTO mysql_servers (hostgroup_id, hostname, port, weight, status) VALUES"
                        + " (20, 'db2', 3306, 500, 'OFFLINE_SOFT')",
                "INSERT INTO mysql_servers (hostgroup_id, hostname, port, weight) VALUES (99, 'other', 3306, 1)",
                "LOAD MYSQL SERVERS TO RUNTIME");
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        ProxySqlWatch watch = new ProxySqlWatch(List.of(syncConfig("proxy1", proxysql.port()),
                syncConfig("proxy2", dead)), 1000, Clock.systemUTC());
        assertThat(watch.reads()).extracting(ProxySqlWatch.Read::error).containsOnly("not read yet");
        watch.readAll();
        List<StatusDocument.RoutedProxySql> routed = StatusDocument.routed(watch.reads(), view(),
                List.of(new StatusDocument.SyncLag("proxy1:6032", 10L, 3L, 2L, false)));
        assertThat(routed).hasSize(2);
        StatusDocument.RoutedProxySql one = routed.get(0);
        assertThat(one.proxysql()).isEqualTo("proxy1:6032");
        assertThat(one.error()).isNull();
        assertThat(one.lagZxid()).isEqualTo(3L);
        assertThat(one.hostgroups()).extracting(StatusDocument.RoutedHostgroup::hostgroup).containsExactly(10, 20);
        assertThat(one.hostgroups().get(0).servers()).extracting(StatusDocument.RoutedServer::instance,
                StatusDocument.RoutedServer::inView).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("db1:3306", true),
                        org.assertj.core.groups.Tuple.tuple("db9:3306", false));
        assertThat(one.hostgroups().get(1).servers()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo("OFFLINE_SOFT");
            assertThat(s.weight()).isEqualTo(500);
        });
        assertThat(one.hostgroups().get(1).notRouted()).containsExactly("db3:3306");
        StatusDocument.RoutedProxySql two = routed.get(1);
        assertThat(two.error()).contains("cannot read", "proxy2.yaml");
        assertThat(two.readAt()).isNull();
        assertThat(two.lagZxid()).isNull();
    }

    @Test
    void an_admin_that_accepts_and_never_answers_is_an_error_within_its_timeouts_and_the_last_rows_stay() throws Exception {
        admin("INSERT INTO mysql_servers (hostgroup_id, hostname, port) VALUES (10, 'db1', 3306)",
                "LOAD MYSQL SERVERS TO RUNTIME");
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            ProxySqlWatch watch = new ProxySqlWatch(List.of(syncConfig("proxy1", proxysql.port()),
                    syncConfig("silent", silent.getLocalPort())), 1000, Clock.systemUTC());
            long t0 = System.nanoTime();
            watch.readAll();
            // Budget: the silent admin's 1 s connect timeout; allowed ten times that on a loaded machine.
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
            assertThat(watch.reads().get(0).rows()).hasSize(1);
            assertThat(watch.reads().get(1).error()).contains("cannot read");
        }
        proxysql.close();
        ProxySqlWatch watch = new ProxySqlWatch(List.of(syncConfig("proxy1", proxysql.port())), 1000,
                Clock.systemUTC());
        watch.readAll();
        assertThat(watch.reads().get(0).error()).contains("cannot read");
    }

    @Test
    void hostile_hostnames_in_proxysql_stay_data() throws Exception {
        String hostile = "<img src=x onerror=alert(1)>" + "h".repeat(3000);
        admin("INSERT INTO mysql_servers (hostgroup_id, hostname, port, comment) VALUES (10, '" + hostile
                + "', 3306, '" + "c".repeat(10_000) + "')", "LOAD MYSQL SERVERS TO RUNTIME");
        ProxySqlWatch watch = new ProxySqlWatch(List.of(syncConfig("proxy1", proxysql.port())), 1000,
                Clock.systemUTC());
        watch.readAll();
        assertThat(watch.reads().get(0).rows()).singleElement()
                .satisfies(r -> assertThat(r.instance()).isEqualTo(hostile + ":3306"));
        assertThat(StatusDocument.routed(watch.reads(), view(), List.of()).get(0).hostgroups().get(0).servers())
                .singleElement().satisfies(s -> assertThat(s.inView()).isFalse());
    }

    @Test
    void a_missing_or_invalid_sync_config_is_refused_at_start_naming_the_file() throws Exception {
        assertThatThrownBy(() -> new ProxySqlWatch(List.of(dir.resolve("nope.yaml")), 1000, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.yaml");
        Path garbage = dir.resolve("garbage.yaml");
        Files.writeString(garbage, "proxysql: [\u0000\n");
        assertThatThrownBy(() -> new ProxySqlWatch(List.of(garbage), 1000, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("garbage.yaml");
    }

    @Test
    void it_reads_only_the_proxysql_and_hostgroups_sections_so_serve_needs_no_sync_password_but_those_are_strict()
            throws Exception {
        Path config = dir.resolve("real-sync.yaml");
        Files.writeString(config, "zookeeper:\n  connectString: 127.0.0.1:1\n  auth:\n    user: proxysql-sync\n"
                + "    passwordFile: /nonexistent/sync-zookeeper.password\n    identities: {syncs: [\"x:y\"]}\n"
                + "pager:\n  kind: pagerduty\n  routingKeyFile: /nonexistent/key\n"
                + "proxysql:\n  host: 127.0.0.1\n  port: " + proxysql.port() + "\n  user: admin\n  passwordFile: "
                + password + "\n  connectTimeoutMillis: 1000\n"
                + "hostgroups:\n  orders: {primary: 10, replica: 20}\n");
        ProxySqlWatch watch = new ProxySqlWatch(List.of(config), 1000, Clock.systemUTC());
        watch.readAll();
        assertThat(watch.reads().get(0).error()).isNull();
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "proxysql:\n  host: 127.0.0.1\n  port: 6032\n  user: admin\n  passwrdFile: x\n"
                + "hostgroups:\n  orders: {primary: 10}\n");
        assertThatThrownBy(() -> new ProxySqlWatch(List.of(typo), 1000, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("typo.yaml");
        Path noMap = dir.resolve("no-map.yaml");
        Files.writeString(noMap, "proxysql:\n  host: 127.0.0.1\n  port: 6032\n  user: admin\n  passwordFile: "
                + password + "\nhostgroups: {}\n");
        assertThatThrownBy(() -> new ProxySqlWatch(List.of(noMap), 1000, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hostgroups");
    }

    @Test
    void started_it_reads_by_itself_and_closes_idempotently() throws Exception {
        admin("INSERT INTO mysql_servers (hostgroup_id, hostname, port) VALUES (10, 'db1', 3306)",
                "LOAD MYSQL SERVERS TO RUNTIME");
        ProxySqlWatch watch = new ProxySqlWatch(List.of(syncConfig("proxy1", proxysql.port())), 1000,
                Clock.systemUTC());
        watch.start();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> watch.reads().get(0).readAt() != null);
        watch.close();
        watch.close();
    }
}
