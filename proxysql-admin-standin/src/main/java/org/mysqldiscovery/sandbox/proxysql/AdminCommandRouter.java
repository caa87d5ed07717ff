package org.mysqldiscovery.sandbox.proxysql;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what one query does, in the order ProxySQL 2.7's admin session handler (lib/Admin_Handler.cpp) checks:
 * its own commands first (matched on the whitespace-normalised text), then a few client-compatibility rewrites,
 * then everything else goes to SQLite as sent, where only the first statement runs.
 *
 * <p>Deliberate differences from the real admin, all for things the suite does not rely on:
 * <ul>
 *   <li>Only {@code mysql_servers}, {@code mysql_replication_hostgroups}, {@code global_variables} and
 *       {@code proxysql_servers} exist (with their runtime and disk copies). LOAD/SAVE of MYSQL USERS, MYSQL QUERY
 *       RULES and SCHEDULER answer OK and do nothing; other modules are a syntax error. The stand-in never acts as a
 *       ProxySQL Cluster node: {@code proxysql_servers} and the {@code admin-cluster_*} variables are only
 *       stored, so that the sync's refusal to share its rows with a Cluster can be tested.</li>
 *   <li>{@code stats}, {@code monitor} and {@code stats_history} databases, {@code PROXYSQL ...} commands,
 *       {@code SHOW PROCESSLIST}, {@code SHOW CHARSET}/{@code COLLATION}, {@code SELECT CONFIG ...} and the
 *       ProxySQL Cluster queries are not implemented: SQLite answers them with an error.</li>
 *   <li>Of the {@code @@} forms the real admin rewrites, the stand-in knows {@code select @@version_comment limit 1}
 *       (the mysql command-line client's), {@code SELECT @@version...}, {@code select @@sql_mode...},
 *       {@code SELECT @@global.read_only} and the charset query of old clients; the generic
 *       {@code SELECT @@variable} rewrite of the real admin is not reproduced. Any other {@code @@} reaches SQLite
 *       and fails with {@code unrecognized token: "@"} - which is exactly what Connector/J's connect-time query
 *       meets on the real admin. A {@code SET} containing {@code @@} answers OK, as on the real admin.</li>
 * </ul>
 */
final class AdminCommandRouter {
    private static final String SHOW_TABLES_SQL =
            "SELECT name AS tables FROM %s WHERE type='table' AND name NOT IN ('sqlite_sequence') ORDER BY name";
    private static final String SHOW_VARIABLES_SQL =
            "SELECT variable_name AS Variable_name, variable_value AS Value FROM global_variables";
    private static final Pattern SHOW_VARIABLES_FILTER =
            Pattern.compile("^SHOW\\s+VARIABLES\\s+(WHERE|LIKE)(\\s|$)", Pattern.CASE_INSENSITIVE);

    /** Prefixes the admin answers OK without running: transactions and session settings mean nothing to it. */
    private static final List<String> NO_OP_PREFIXES_ANY_CASE = List.of("BEGIN", "START TRANSACTION", "COMMIT",
            "ROLLBACK", "SET character_set_results", "SET SQL_AUTO_IS_NULL", "SET NAMES", "SET AUTOCOMMIT", "USE ");

    /** What mysqldump sends; the real admin matches these case-sensitively. */
    private static final List<String> NO_OP_PREFIXES_EXACT_CASE = List.of("/*!40014 SET ", "/*!40100 SET ",
            "/*!40101 SET ", "/*!40103 SET ", "/*!40111 SET ", "/*!80000 SET ", "/*!50503 SET ", "/*!50717 SET ",
            "/*M!100100 SET ", "/*!50112 SET ", "/*!40000 ALTER TABLE", "LOCK TABLES", "UNLOCK TABLES",
            "SET SQL_QUOTE_SHOW_CREATE=1", "SET SESSION character_set_results", "SET SQL_SAFE_UPDATES=1");

    private static final List<String> ACCEPTED_MODULES = List.of("MYSQL USERS", "MYSQL QUERY RULES", "SCHEDULER");

    private final AdminStore store;
    private final Map<String, Supplier<AdminReply>> loadSaveCommands = new HashMap<>();
    private final Map<String, Supplier<AdminReply>> checksumCommands = new HashMap<>();

    AdminCommandRouter(AdminStore store) {
        this.store = store;
        registerLoadSave("MYSQL SERVERS", store::loadMysqlServersToRuntime, store::saveMysqlServersFromRuntime,
                store::loadMysqlServersFromDisk, store::saveMysqlServersToDisk);
        registerLoadSave("MYSQL VARIABLES", store::loadMysqlVariablesToRuntime, store::saveMysqlVariablesFromRuntime,
                store::loadMysqlVariablesFromDisk, store::saveMysqlVariablesToDisk);
        registerLoadSave("PROXYSQL SERVERS", store::loadProxysqlServersToRuntime,
                store::saveProxysqlServersFromRuntime, store::loadProxysqlServersFromDisk,
                store::saveProxysqlServersToDisk);
        registerLoadSave("ADMIN VARIABLES", store::loadAdminVariablesToRuntime, store::saveAdminVariablesFromRuntime,
                store::loadAdminVariablesFromDisk, store::saveAdminVariablesToDisk);
        Supplier<AdminReply> accepted = AdminReply.Ok::empty;
        for (String module : ACCEPTED_MODULES) {
            registerLoadSave(module, accepted, accepted, accepted, accepted);
        }
        registerChecksum("MYSQL SERVERS", AdminStore.ChecksummedTable.MYSQL_SERVERS);
        registerChecksum("MYSQL REPLICATION HOSTGROUPS", AdminStore.ChecksummedTable.MYSQL_REPLICATION_HOSTGROUPS);
        registerChecksum("MYSQL VARIABLES", AdminStore.ChecksummedTable.MYSQL_VARIABLES);
    }

    /** Answers one COM_QUERY text. */
    AdminReply handle(String query, SessionInfo session) {
        String q = AdminSqlText.normalize(query);
        if (q.isEmpty()) {
            return new AdminReply.Failure("Empty query");
        }
        String upper = q.toUpperCase(Locale.ROOT);
        if (upper.startsWith("LOAD ") || upper.startsWith("SAVE ")) {
            Supplier<AdminReply> command = loadSaveCommands.get(upper);
            // An unknown LOAD/SAVE (LOAD MYSQL SERVER TO RUNTIME, say) reaches SQLite: near "LOAD": syntax error.
            return command != null ? command.get() : store.query(query);
        }
        for (String prefix : NO_OP_PREFIXES_EXACT_CASE) {
            if (q.startsWith(prefix)) {
                return AdminReply.Ok.empty();
            }
        }
        for (String prefix : NO_OP_PREFIXES_ANY_CASE) {
            if (startsWithIgnoreCase(q, prefix)) {
                return AdminReply.Ok.empty();
            }
        }
        Optional<String> rewritten = rewriteSelect(q, session);
        if (rewritten.isPresent()) {
            return store.query(rewritten.get());
        }
        Matcher filter = SHOW_VARIABLES_FILTER.matcher(q);
        if (filter.find()) {
            String condition = filter.group(1).equalsIgnoreCase("LIKE") ? " WHERE variable_name LIKE" : " WHERE";
            return store.query(SHOW_VARIABLES_SQL + condition + q.substring(filter.end(1)));
        }
        if (upper.startsWith("SET ")) {
            return set(q);
        }
        if (upper.startsWith("CHECKSUM ")) {
            Supplier<AdminReply> command = checksumCommands.get(upper);
            return command != null ? command.get() : store.query(query);
        }
        if (upper.startsWith("SHOW ")) {
            rewritten = rewriteShow(q, upper);
            if (rewritten.isPresent()) {
                return store.query(rewritten.get());
            }
        }
        if (upper.equals("SELECT DATABASE()")) {
            return store.query("SELECT \"admin\" AS 'DATABASE()'");
        }
        if (upper.equals("SELECT DATABASE() AS NAME")) {
            return store.query("SELECT \"admin\" AS 'name'");
        }
        return store.query(query);
    }

    private Optional<String> rewriteSelect(String q, SessionInfo session) {
        String version = AdminSchema.PROXYSQL_VERSION;
        if (startsWithIgnoreCase(q, "SELECT @@global.read_only")) {
            return Optional.of("SELECT 0 AS '@@global.read_only'");
        }
        if (q.equalsIgnoreCase("select @@version_comment limit 1")) {
            return Optional.of("SELECT '(ProxySQL Admin Module)'");
        }
        if (startsWithIgnoreCase(q, "select concat(@@version, ' ', @@version_comment)")) {
            return Optional.of("SELECT '" + version + " Admin Module'");
        }
        if (q.equalsIgnoreCase("SELECT current_user()") || q.equalsIgnoreCase("SELECT user()")) {
            String alias = q.toLowerCase(Locale.ROOT).contains("current") ? "current_user()" : "user()";
            String who = session.user() + (session.clientAddress().isEmpty() ? "" : "@" + session.clientAddress());
            return Optional.of("SELECT " + quote(who) + " AS '" + alias + "'");
        }
        if (startsWithIgnoreCase(q, "select @@sql_mode")) {
            return Optional.of("SELECT \"\" as \"@@sql_mode\"");
        }
        if (startsWithIgnoreCase(q, "select connection_id()")) {
            return Optional.of("SELECT 0 AS 'CONNECTION_ID()'");
        }
        if (q.equalsIgnoreCase("select DATABASE(), USER() limit 1")) {
            return Optional.of("SELECT \"admin\" AS 'DATABASE()', " + quote(session.user()) + " AS 'USER()'");
        }
        if (q.equalsIgnoreCase("select @@character_set_client, @@character_set_connection, "
                + "@@character_set_server, @@character_set_database limit 1")) {
            return Optional.of("select 'utf8' as '@@character_set_client', 'utf8' as '@@character_set_connection', "
                    + "'utf8' as '@@character_set_server', 'utf8' as '@@character_set_database' limit 1");
        }
        if (startsWithIgnoreCase(q, "SELECT @@version")) {
            return Optional.of("SELECT '" + version + "' AS '@@version'");
        }
        if (startsWithIgnoreCase(q, "SELECT version()")) {
            return Optional.of("SELECT '" + version + "' AS 'version()'");
        }
        return Optional.empty();
    }

    /**
     * {@code SET mysql-x = v} and {@code SET admin-x = v} update global_variables (in memory; LOAD ... TO RUNTIME
     * applies them); any other SET is accepted and ignored, with the admin's "Unknown global variable" note.
     */
    private AdminReply set(String q) {
        String entry = q.substring("SET ".length());
        int equals = entry.indexOf('=');
        String name = (equals < 0 ? entry : entry.substring(0, equals)).trim();
        String value = equals < 0 ? "" : entry.substring(equals + 1);
        if (name.equals("mysql-init_connect")) {
            return new AdminReply.Failure("ERROR: Global variable '" + name + "' is not configurable using SET "
                    + "command. You must run UPDATE global_variables");
        }
        boolean known = (name.startsWith("mysql-") || name.startsWith("admin-")) && store.hasGlobalVariable(name);
        if (!known) {
            return new AdminReply.Ok(0, "ERROR: Unknown global variable: '" + name + "'.");
        }
        return store.query("UPDATE global_variables SET variable_value=" + value + " WHERE variable_name="
                + quote(name));
    }

    private static Optional<String> rewriteShow(String q, String upper) {
        if (upper.startsWith("SHOW GLOBAL VARIABLES LIKE 'VERSION'")) {
            return Optional.of("SELECT 'version' Variable_name, '" + AdminSchema.PROXYSQL_VERSION + "' Value");
        }
        switch (upper) {
            case "SHOW TABLES":
                return Optional.of(String.format(Locale.ROOT, SHOW_TABLES_SQL, "sqlite_master"));
            case "SHOW MYSQL SERVERS":
                return Optional.of("SELECT * FROM mysql_servers ORDER BY " + AdminSchema.MYSQL_SERVERS_ORDER);
            case "SHOW GLOBAL VARIABLES", "SHOW ALL VARIABLES", "SHOW VARIABLES":
                return Optional.of(SHOW_VARIABLES_SQL + " ORDER BY variable_name");
            case "SHOW ADMIN VARIABLES":
                return Optional.of(SHOW_VARIABLES_SQL + " WHERE variable_name LIKE 'admin-%' ORDER BY variable_name");
            case "SHOW MYSQL VARIABLES":
                return Optional.of(SHOW_VARIABLES_SQL + " WHERE variable_name LIKE 'mysql-%' ORDER BY variable_name");
            case "SHOW DATABASES", "SHOW SCHEMAS":
                return Optional.of("PRAGMA DATABASE_LIST");
            default:
                break;
        }
        for (String prefix : List.of("SHOW TABLES IN ", "SHOW TABLES FROM ")) {
            if (upper.startsWith(prefix) && q.length() > prefix.length()) {
                String database = q.substring(prefix.length());
                return Optional.of(String.format(Locale.ROOT, SHOW_TABLES_SQL, database + ".sqlite_master"));
            }
        }
        if (upper.startsWith("SHOW TABLES LIKE ") && q.length() > "SHOW TABLES LIKE ".length()) {
            String pattern = q.substring("SHOW TABLES LIKE ".length()).replaceAll("[\\\\`']", "");
            return Optional.of("SELECT name AS tables FROM sqlite_master WHERE type='table' AND name LIKE "
                    + quote(pattern));
        }
        if (upper.startsWith("SHOW CREATE TABLE ")) {
            String target = q.substring("SHOW CREATE TABLE ".length());
            int dot = target.indexOf('.');
            String database = dot < 0 ? "main" : target.substring(0, dot);
            String table = dot < 0 ? target : target.substring(dot + 1);
            if (table.length() >= 3 && table.startsWith("`") && table.endsWith("`")) {
                table = table.substring(1, table.length() - 1);
            }
            return Optional.of("SELECT name AS 'table' , REPLACE(REPLACE(sql,' , ', X'2C0A20202020'),"
                    + quote("CREATE TABLE " + table + " (") + "," + quote("CREATE TABLE " + table + " (")
                    + "||X'0A20202020') AS 'Create Table' FROM " + database + ".sqlite_master WHERE type='table'"
                    + " AND name=" + quote(table));
        }
        return Optional.empty();
    }

    private void registerLoadSave(String module, Supplier<AdminReply> toRuntime, Supplier<AdminReply> fromRuntime,
                                  Supplier<AdminReply> fromDisk, Supplier<AdminReply> toDisk) {
        for (String alias : List.of("FROM MEMORY", "FROM MEM", "TO RUNTIME", "TO RUN")) {
            loadSaveCommands.put("LOAD " + module + " " + alias, toRuntime);
        }
        for (String alias : List.of("TO MEMORY", "TO MEM", "FROM RUNTIME", "FROM RUN")) {
            loadSaveCommands.put("SAVE " + module + " " + alias, fromRuntime);
        }
        for (String alias : List.of("TO MEMORY", "TO MEM", "FROM DISK")) {
            loadSaveCommands.put("LOAD " + module + " " + alias, fromDisk);
        }
        for (String alias : List.of("FROM MEMORY", "FROM MEM", "TO DISK")) {
            loadSaveCommands.put("SAVE " + module + " " + alias, toDisk);
        }
    }

    private void registerChecksum(String label, AdminStore.ChecksummedTable table) {
        checksumCommands.put("CHECKSUM DISK " + label, () -> store.checksum("disk", table));
        for (String memory : List.of("MEMORY ", "MEM ", "")) {
            checksumCommands.put("CHECKSUM " + memory + label, () -> store.checksum("main", table));
        }
    }

    private static boolean startsWithIgnoreCase(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** A SQL string literal (the real admin pastes these unquoted; the stand-in does not invite injection). */
    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
