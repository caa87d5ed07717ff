package org.mysqldiscovery.sandbox.scenario;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.sandbox.mysql.MariaDbCluster;
import org.mysqldiscovery.sandbox.mysql.MariaDbServer;
import org.mysqldiscovery.sandbox.suite.MysqlHost;
import org.mysqldiscovery.sandbox.suite.ProxySqlOutage;
import org.mysqldiscovery.sandbox.suite.Suite;

/** What every scenario needs of the running suite: ZooKeeper reads, waits, the writer, hook placeholders. */
final class RunContext {
    static final String WRITES_TABLE = MariaDbCluster.SANDBOX_DATABASE + ".e2e_writes";
    static final String APP_USER = "e2e_app";
    static final String APP_PASSWORD = "e2e-app-password";

    private static final java.net.http.HttpClient DIAGNOSIS_HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2)).build();

    final Suite suite;
    /** How to take the ProxySQL the sync writes to down: the stand-in's stop/restart, or what the caller gave. */
    final Optional<ProxySqlOutage> proxySqlOutage;

    RunContext(Suite suite, Optional<ProxySqlOutage> realProxySqlOutage) {
        this.suite = suite;
        this.proxySqlOutage = suite.admin().standIn().<ProxySqlOutage>map(standIn -> new ProxySqlOutage() {
            @Override
            public void takeDown() {
                standIn.stop();
            }

            @Override
            public void bringBack() {
                try {
                    standIn.restart();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot restart the stand-in", e);
                }
            }
        }).or(() -> realProxySqlOutage);
    }

    boolean registered(String schema, Role role, String instance) {
        try {
            return suite.observer().checkExists().forPath(suite.layout().registrationPath(SchemaName.of(schema), role,
                    Instance.parse(instance))) != null;
        } catch (Exception e) { // Curator's API throws Exception: a failed read is "not seen"
            return false;
        }
    }

    boolean quarantined(String instance) {
        try {
            return suite.observer().checkExists().forPath(suite.layout().quarantinePath(Instance.parse(instance)))
                    != null;
        } catch (Exception e) { // as above
            return false;
        }
    }

    Set<String> writers(String schema) {
        return suite.routes().latest().hostgroup(suite.writerHostgroup(schema));
    }

    Set<String> readers(String schema) {
        return suite.routes().latest().hostgroup(suite.replicaHostgroup(schema));
    }

    /** Waits until the schema's writer hostgroup is exactly its primary and every server is registered. */
    void awaitSteady(String schema, Duration timeout) {
        MariaDbCluster cluster = suite.sandbox().cluster(schema);
        Suite.await("schema " + schema + " steady (primary routed, every server registered)", timeout, () ->
                writers(schema).equals(Set.of(cluster.primary().instance()))
                        && cluster.servers().stream().allMatch(s -> registered(schema,
                        Role.fromToken(s.role().token()), s.instance())));
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Suite.await(what, timeout, condition);
    }

    /**
     * As {@link #await}, but a timeout says what the suite saw then: CI keeps only the failure's message, not the
     * programs' logs, so a routing that never came must explain itself there.
     */
    void awaitRouting(String what, String schema, List<MysqlHost> hosts, BooleanSupplier condition) {
        try {
            Suite.await(what, Duration.ofSeconds(20), condition);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; " + routingDiagnosis(schema, hosts), e);
        }
    }

    /** ProxySQL's rows, ZooKeeper's registrations and quarantines, the sync's status, each host's agents. */
    String routingDiagnosis(String schema, List<MysqlHost> hosts) {
        StringBuilder text = new StringBuilder();
        text.append("ProxySQL writers ").append(writers(schema)).append(", readers ").append(readers(schema));
        text.append("; ZooKeeper registrations ").append(suite.registrations());
        for (MysqlHost host : hosts) {
            text.append("; ").append(host.instance()).append(": quarantined ").append(quarantined(host.instance()));
            try {
                text.append(", read_only ").append(host.server().isRunning() ? host.server().readOnly() : "(stopped)");
            } catch (RuntimeException e) {
                text.append(", read_only unreadable (").append(e.getMessage()).append(')');
            }
            text.append(", health agent ").append(excerpt(get(host.healthUrl() + "/health"), 600));
        }
        text.append("; sync /status ").append(excerpt(get(suite.syncUrl() + "/status"), 2_000));
        return text.toString();
    }

    private static String get(String url) {
        try {
            java.net.http.HttpResponse<String> response = DIAGNOSIS_HTTP.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (java.io.IOException e) {
            return "unreachable (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String excerpt(String text, int max) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= max ? flat : flat.substring(0, max) + "…";
    }

    /**
     * The table the writer inserts into and an application user without SUPER (so read_only stops it). With a real
     * ProxySQL the user also goes into its {@code mysql_users}, defaulting to the schema's writer hostgroup.
     */
    void prepareWrites(String schema) {
        MariaDbServer primary = suite.sandbox().cluster(schema).primary();
        primary.execute("CREATE DATABASE IF NOT EXISTS " + MariaDbCluster.SANDBOX_DATABASE,
                "CREATE TABLE IF NOT EXISTS " + WRITES_TABLE + " (id BIGINT PRIMARY KEY, written_at TIMESTAMP(6))",
                "CREATE USER IF NOT EXISTS '" + APP_USER + "'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'",
                "GRANT SELECT, INSERT ON " + MariaDbCluster.SANDBOX_DATABASE + ".* TO '" + APP_USER + "'@'%'");
        if (suite.settings().proxysqlMysql().isPresent()) {
            suite.admin().routeApplicationUser(APP_USER, APP_PASSWORD, suite.writerHostgroup(schema));
        }
    }

    /**
     * A writer through the real ProxySQL's MySQL interface when the suite has one, else routed by the runtime's
     * writer hostgroup, as ProxySQL would route it.
     */
    WriterClient writer(String schema, long firstId) {
        Optional<java.net.URI> proxysql = suite.settings().proxysqlMysql();
        if (proxysql.isPresent()) {
            return new WriterClient(throughProxySql(proxysql.get()), WRITES_TABLE, Duration.ofMillis(5), firstId)
                    .start();
        }
        int hostgroup = suite.writerHostgroup(schema);
        WriterClient.Router router = throughStandIn(schema, () -> suite.routes().latest().hostgroup(hostgroup).stream()
                .findFirst(), Duration.ofSeconds(3));
        return new WriterClient(router, WRITES_TABLE, Duration.ofMillis(5), firstId).start();
    }

    /**
     * Writes routed as ProxySQL routes them, through the stand-in's pool (which sees the write in flight: ConnUsed),
     * or, without a stand-in, to {@code writer}; each write on a new connection to the chosen server.
     *
     * @param writer        the server writes go to without a stand-in (and what the writer client reports)
     * @param socketTimeout how long one write may wait for its answer
     */
    WriterClient.Router throughStandIn(String schema, java.util.function.Supplier<Optional<String>> writer,
            Duration socketTimeout) {
        MariaDbCluster cluster = suite.sandbox().cluster(schema);
        int hostgroup = suite.writerHostgroup(schema);
        return new WriterClient.Router() {
            @Override
            public Optional<String> writer() {
                return writer.get();
            }

            @Override
            public Optional<WriterClient.Route> route() {
                return suite.admin().standIn()
                        .map(standIn -> standIn.connectionPool().begin(hostgroup)
                                .map(query -> new WriterClient.Route(query.instance(), query::finish)))
                        .orElseGet(() -> writer().map(instance -> new WriterClient.Route(instance, () -> false)));
            }

            @Override
            public Connection connect(String instance) throws SQLException {
                MariaDbServer server = cluster.server(instance).orElseThrow(
                        () -> new SQLException("no server " + instance + " in " + schema));
                return DriverManager.getConnection("jdbc:mariadb://" + server.instance() + "/?user=" + APP_USER
                        + "&password=" + APP_PASSWORD + "&connectTimeout=1000&socketTimeout="
                        + socketTimeout.toMillis());
            }
        };
    }

    /**
     * Every write through ProxySQL on a new connection, as the measured baseline did: a session kept open would be
     * pinned to one backend (and killed when that backend leaves), which says nothing about routing.
     */
    static WriterClient.Router throughProxySql(java.net.URI url) {
        String target = "proxysql@" + url.getHost() + ":" + url.getPort();
        return new WriterClient.Router() {
            @Override
            public Optional<String> writer() {
                return Optional.of(target);
            }

            @Override
            public Connection connect(String instance) throws SQLException {
                // ProxySQL holds a query up to 10 s while the writer hostgroup is empty: the socket waits longer.
                return DriverManager.getConnection("jdbc:mariadb://" + url.getHost() + ":" + url.getPort()
                        + "/?user=" + APP_USER + "&password=" + APP_PASSWORD
                        + "&connectTimeout=2000&socketTimeout=15000");
            }

            @Override
            public boolean keepsConnections() {
                return false;
            }
        };
    }

    /** A connection as the application user (no SUPER: read_only stops it). */
    Connection appConnection(MariaDbServer server) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://" + server.instance() + "/?user=" + APP_USER
                + "&password=" + APP_PASSWORD + "&connectTimeout=1000&socketTimeout=30000");
    }

    /** {@code DELETE /v1/drain} on the host's role agent: ends a drain lease early. */
    void endDrain(MysqlHost host) {
        try {
            String token = java.nio.file.Files.readString(suite.tokenFile()).strip();
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2)).build();
            java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(host.roleAgentUrl() + "/v1/drain")).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + token).DELETE().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("DELETE /v1/drain on " + host.instance() + ": "
                        + response.statusCode() + " " + response.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot end the drain on " + host.instance(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ending the drain", e);
        }
    }

    /** Ids present on a server. */
    static Set<Long> ids(MariaDbServer server) {
        Set<Long> ids = new HashSet<>();
        try (Connection connection = server.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM " + WRITES_TABLE)) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + WRITES_TABLE + " on " + server.instance() + ": "
                    + e.getMessage(), e);
        }
        return ids;
    }

    /** Orchestrator's placeholders for a recovery of {@code failed} by {@code successor}. */
    Map<String, String> placeholders(MysqlHost failed, MysqlHost successor, boolean planned, String recoveryUid) {
        Map<String, String> values = new LinkedHashMap<>();
        Instance failedInstance = Instance.parse(failed.instance());
        Instance successorInstance = Instance.parse(successor.instance());
        List<MysqlHost> replicas = suite.hosts(failed.schema()).stream().filter(h -> h != failed).toList();
        values.put("failureType", "DeadMaster");
        values.put("command", planned ? "graceful-master-takeover" : "");
        values.put("failedHost", failedInstance.host());
        values.put("failedPort", String.valueOf(failedInstance.port()));
        values.put("failureCluster", failed.instance());
        values.put("failureClusterAlias", failed.schema());
        values.put("successorHost", successorInstance.host());
        values.put("successorPort", String.valueOf(successorInstance.port()));
        values.put("recoveryUID", recoveryUid);
        values.put("countReplicas", String.valueOf(replicas.size()));
        values.put("replicaHosts", replicas.stream().map(MysqlHost::instance).collect(Collectors.joining(",")));
        values.put("isSuccessful", "true");
        values.put("isMaster", "true");
        values.put("instanceType", "master");
        values.put("orchestratorHost", "sandbox");
        return values;
    }

    static String recoveryUid() {
        return System.nanoTime() + ":" + Long.toHexString(Instant.now().toEpochMilli()) + "sandbox";
    }
}
