package org.mysqldiscovery.sync.proxysql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.mysqldiscovery.sync.plan.RowKey;
import org.mysqldiscovery.sync.plan.ServerRow;

/**
 * The statements the sync sends, as text: the admin has no server-side prepared statements, runs only the first of
 * several statements, and refuses any text with {@code @}. Values the sync writes are validated tokens; any other
 * string (a hand-edited hostname being deleted) goes as a hex blob cast to text, which needs no escaping at all.
 */
public final class AdminSql {
    /** Rows per multi-row REPLACE: one round trip per chunk, statements of a few hundred KiB at most. */
    public static final int ROWS_PER_STATEMENT = 2_000;
    /**
     * Keys per DELETE. SQLite refuses expression trees deeper than 1000, and each OR adds a level.
     */
    public static final int KEYS_PER_DELETE = 200;

    public static final String COLUMNS = "hostgroup_id, hostname, port, gtid_port, status, weight, compression, "
            + "max_connections, max_replication_lag, use_ssl, max_latency_ms, comment";
    public static final String LOAD_TO_RUNTIME = "LOAD MYSQL SERVERS TO RUNTIME";
    public static final String SAVE_TO_DISK = "SAVE MYSQL SERVERS TO DISK";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9 _.:/\\[\\]-]*");

    private AdminSql() {
    }

    public static String selectServers(String table, Collection<Integer> hostgroups) {
        if (!table.equals("mysql_servers") && !table.equals("runtime_mysql_servers")) {
            throw new IllegalArgumentException("not a servers table: " + table);
        }
        return "SELECT " + COLUMNS + " FROM " + table + " WHERE hostgroup_id IN (" + idList(hostgroups)
                + ") ORDER BY hostgroup_id, hostname, port";
    }

    public static List<String> deletes(List<RowKey> keys) {
        List<String> statements = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_DELETE) {
            List<RowKey> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_DELETE));
            statements.add("DELETE FROM mysql_servers WHERE " + chunk.stream()
                    .map(k -> "(hostgroup_id=" + k.hostgroupId() + " AND hostname=" + literal(k.hostname())
                            + " AND port=" + k.port() + ")")
                    .collect(Collectors.joining(" OR ")));
        }
        return statements;
    }

    public static List<String> replaces(List<ServerRow> rows) {
        List<String> statements = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<ServerRow> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder(64 + chunk.size() * 120);
            sql.append("REPLACE INTO mysql_servers (").append(COLUMNS).append(") VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                ServerRow r = chunk.get(i);
                if (i > 0) {
                    sql.append(',');
                }
                sql.append('(').append(r.hostgroupId()).append(',').append(literal(r.hostname())).append(',')
                        .append(r.port()).append(',').append(r.gtidPort()).append(',').append(literal(r.status()))
                        .append(',').append(r.weight()).append(',').append(r.compression()).append(',')
                        .append(r.maxConnections()).append(',').append(r.maxReplicationLag()).append(',')
                        .append(r.useSsl()).append(',').append(r.maxLatencyMs()).append(',')
                        .append(literal(r.comment())).append(')');
            }
            statements.add(sql.toString());
        }
        return statements;
    }

    /**
     * Backend connections serving a client now, per server of the given hostgroups. ProxySQL refreshes its stats
     * tables when they are read.
     */
    public static String connectionsInUse(Collection<Integer> hostgroups) {
        return "SELECT hostgroup, srv_host, srv_port, ConnUsed FROM stats_mysql_connection_pool WHERE hostgroup IN ("
                + idList(hostgroups) + ")";
    }

    public static String replicationHostgroups(String table) {
        return "SELECT writer_hostgroup, reader_hostgroup FROM " + table;
    }

    /** ProxySQL Cluster's peers: {@code proxysql_servers} or its runtime twin. */
    public static String proxysqlServers(String table) {
        if (!table.equals("proxysql_servers") && !table.equals("runtime_proxysql_servers")) {
            throw new IllegalArgumentException("not a proxysql_servers table: " + table);
        }
        return "SELECT hostname, port FROM " + table + " ORDER BY hostname, port";
    }

    public static String variable(String table, String name) {
        return "SELECT variable_value FROM " + table + " WHERE variable_name=" + literal(name);
    }

    /** A SQL string literal for any text: quoted when plain, else hex (no character can escape it). */
    public static String literal(String value) {
        if (PLAIN.matcher(value).matches()) {
            return "'" + value + "'";
        }
        return "CAST(X'" + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8)) + "' AS TEXT)";
    }

    private static String idList(Collection<Integer> ids) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no hostgroups");
        }
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
