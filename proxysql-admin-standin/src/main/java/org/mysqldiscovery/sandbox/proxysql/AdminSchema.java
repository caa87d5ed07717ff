package org.mysqldiscovery.sandbox.proxysql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin tables the stand-in keeps, with ProxySQL 2.x's own DDL (include/ProxySQL_Admin_Tables_Definitions.h
 * and MySQL_HostGroups_Manager.h), so that constraint errors carry SQLite's exact messages.
 */
final class AdminSchema {
    static final String PROXYSQL_VERSION = "2.7.1-stand-in";

    static final String MYSQL_SERVERS_COLUMNS = "hostgroup_id, hostname, port, gtid_port, status, weight, "
            + "compression, max_connections, max_replication_lag, use_ssl, max_latency_ms, comment";
    static final String MYSQL_SERVERS_ORDER = "hostgroup_id, hostname, port";
    static final String REPLICATION_HOSTGROUPS_COLUMNS = "writer_hostgroup, reader_hostgroup, check_type, comment";
    static final String REPLICATION_HOSTGROUPS_ORDER = "writer_hostgroup";
    static final String PROXYSQL_SERVERS_COLUMNS = "hostname, port, weight, comment";

    private static final String MYSQL_SERVERS_BODY = " (hostgroup_id INT CHECK (hostgroup_id>=0) NOT NULL DEFAULT 0 ,"
            + " hostname VARCHAR NOT NULL ,"
            + " port INT CHECK (port >= 0 AND port <= 65535) NOT NULL DEFAULT 3306 ,"
            + " gtid_port INT CHECK ((gtid_port <> port OR gtid_port=0) AND gtid_port >= 0 AND gtid_port <= 65535)"
            + " NOT NULL DEFAULT 0 ,"
            + " status VARCHAR CHECK (UPPER(status) IN ('ONLINE','SHUNNED','OFFLINE_SOFT', 'OFFLINE_HARD'))"
            + " NOT NULL DEFAULT 'ONLINE' ,"
            + " weight INT CHECK (weight >= 0 AND weight <=10000000) NOT NULL DEFAULT 1 ,"
            + " compression INT CHECK (compression IN(0,1)) NOT NULL DEFAULT 0 ,"
            + " max_connections INT CHECK (max_connections >=0) NOT NULL DEFAULT 1000 ,"
            + " max_replication_lag INT CHECK (max_replication_lag >= 0 AND max_replication_lag <= 126144000)"
            + " NOT NULL DEFAULT 0 ,"
            + " use_ssl INT CHECK (use_ssl IN(0,1)) NOT NULL DEFAULT 0 ,"
            + " max_latency_ms INT UNSIGNED CHECK (max_latency_ms>=0) NOT NULL DEFAULT 0 ,"
            + " comment VARCHAR NOT NULL DEFAULT '' ,"
            + " PRIMARY KEY (hostgroup_id, hostname, port) )";

    private static final String REPLICATION_HOSTGROUPS_BODY = " (writer_hostgroup INT CHECK (writer_hostgroup>=0)"
            + " NOT NULL PRIMARY KEY ,"
            + " reader_hostgroup INT NOT NULL CHECK (reader_hostgroup<>writer_hostgroup AND reader_hostgroup>=0) ,"
            + " check_type VARCHAR CHECK (LOWER(check_type) IN ('read_only','innodb_read_only','super_read_only',"
            + "'read_only|innodb_read_only','read_only&innodb_read_only')) NOT NULL DEFAULT 'read_only' ,"
            + " comment VARCHAR NOT NULL DEFAULT '' , UNIQUE (reader_hostgroup))";

    /** ProxySQL Cluster's peers (ProxySQL_Admin_Tables_Definitions.h, ADMIN_SQLITE_TABLE_PROXYSQL_SERVERS). */
    private static final String PROXYSQL_SERVERS_BODY = " (hostname VARCHAR NOT NULL ,"
            + " port INT NOT NULL DEFAULT 6032 , weight INT CHECK (weight >= 0) NOT NULL DEFAULT 0 ,"
            + " comment VARCHAR NOT NULL DEFAULT '' , PRIMARY KEY (hostname, port) )";

    private static final String GLOBAL_VARIABLES_BODY = " (variable_name VARCHAR NOT NULL PRIMARY KEY ,"
            + " variable_value VARCHAR NOT NULL)";

    /** Tables of the in-memory main database. */
    static final List<String> MAIN_TABLES = List.of(
            "CREATE TABLE mysql_servers" + MYSQL_SERVERS_BODY,
            "CREATE TABLE runtime_mysql_servers" + MYSQL_SERVERS_BODY,
            "CREATE TABLE mysql_replication_hostgroups" + REPLICATION_HOSTGROUPS_BODY,
            "CREATE TABLE runtime_mysql_replication_hostgroups" + REPLICATION_HOSTGROUPS_BODY,
            "CREATE TABLE global_variables" + GLOBAL_VARIABLES_BODY,
            "CREATE TABLE runtime_global_variables" + GLOBAL_VARIABLES_BODY,
            "CREATE TABLE proxysql_servers" + PROXYSQL_SERVERS_BODY,
            "CREATE TABLE runtime_proxysql_servers" + PROXYSQL_SERVERS_BODY,
            "CREATE TABLE runtime_checksums_values (name VARCHAR NOT NULL , version INT NOT NULL ,"
                    + " epoch INT NOT NULL , checksum VARCHAR NOT NULL , PRIMARY KEY (name))");

    /** stats.stats_mysql_connection_pool, columns as in ProxySQL 2.7 (the stand-in fills status, ConnUsed, Queries). */
    static final String STATS_CONNECTION_POOL = "CREATE TABLE stats.stats_mysql_connection_pool (hostgroup INT ,"
            + " srv_host VARCHAR , srv_port VARCHAR , status VARCHAR , ConnUsed INT , ConnFree INT DEFAULT 0 ,"
            + " ConnOK INT DEFAULT 0 , ConnERR INT DEFAULT 0 , MaxConnUsed INT DEFAULT 0 , Queries INT ,"
            + " Queries_GTID_sync INT DEFAULT 0 , Bytes_data_sent INT DEFAULT 0 , Bytes_data_recv INT DEFAULT 0 ,"
            + " Latency_us INT DEFAULT 0)";

    /** Tables of the disk copy (attached as {@code disk}); created only where missing. */
    static final List<String> DISK_TABLES = List.of(
            "CREATE TABLE IF NOT EXISTS disk.mysql_servers" + MYSQL_SERVERS_BODY,
            "CREATE TABLE IF NOT EXISTS disk.mysql_replication_hostgroups" + REPLICATION_HOSTGROUPS_BODY,
            "CREATE TABLE IF NOT EXISTS disk.global_variables" + GLOBAL_VARIABLES_BODY,
            "CREATE TABLE IF NOT EXISTS disk.proxysql_servers" + PROXYSQL_SERVERS_BODY);

    /** The modules listed in runtime_checksums_values of ProxySQL 2.7. */
    static final List<String> CHECKSUM_MODULES = List.of("admin_variables", "mysql_query_rules", "mysql_servers",
            "mysql_servers_v2", "mysql_users", "mysql_variables", "proxysql_servers");

    private AdminSchema() {
    }

    /**
     * Global variables the stand-in starts with: ProxySQL 2.7's defaults for the ones the suite reads, plus the
     * admin credentials as the real admin shows them.
     */
    static Map<String, String> defaultVariables(String user, String password) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("admin-admin_credentials", user + ":" + password);
        // ProxySQL Cluster: a node copies a peer's mysql_servers after this many differing checks (0: never).
        variables.put("admin-cluster_mysql_servers_diffs_before_sync", "3");
        variables.put("admin-cluster_mysql_servers_save_to_disk", "true");
        variables.put("admin-read_only", "false");
        variables.put("admin-version", PROXYSQL_VERSION);
        variables.put("mysql-auto_increment_delay_multiplex", "5");
        variables.put("mysql-connect_timeout_server", "3000");
        variables.put("mysql-connect_timeout_server_max", "10000");
        variables.put("mysql-default_charset", "utf8");
        variables.put("mysql-interfaces", "0.0.0.0:6033");
        variables.put("mysql-max_allowed_packet", "67108864");
        variables.put("mysql-monitor_connect_interval", "60000");
        variables.put("mysql-monitor_enabled", "true");
        variables.put("mysql-monitor_ping_interval", "10000");
        variables.put("mysql-monitor_read_only_interval", "1000");
        variables.put("mysql-monitor_read_only_timeout", "800");
        variables.put("mysql-monitor_username", "monitor");
        variables.put("mysql-poll_timeout", "2000");
        variables.put("mysql-server_version", "8.0.11");
        variables.put("mysql-shun_on_failures", "5");
        variables.put("mysql-threads", "4");
        variables.put("mysql-wait_timeout", "28800000");
        return variables;
    }
}
