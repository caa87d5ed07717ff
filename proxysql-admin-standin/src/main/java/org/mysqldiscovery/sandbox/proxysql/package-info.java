/**
 * A STAND-IN for ProxySQL 2.7's admin interface, for tests and the sandbox only; never for production.
 *
 * <p>{@link org.mysqldiscovery.sandbox.proxysql.ProxySqlAdminStandIn} is the component,
 * {@link org.mysqldiscovery.sandbox.proxysql.StandInMain} runs it as a process, and
 * {@link org.mysqldiscovery.sandbox.proxysql.ProxySqlServerConfigCache} is the MySQL Connector/J workaround that
 * clients of any ProxySQL admin (real or stand-in) need. Inside: {@code PacketChannel} (framing),
 * {@code ClientSession} (handshake, authentication, commands), {@code AdminCommandRouter} (what a statement does)
 * and {@code AdminStore} (SQLite, memory/runtime/disk).
 *
 * <p>Known differences from the real admin at the protocol level (the SQL-level ones are listed on
 * {@code AdminCommandRouter}; sandbox/STANDIN.md has both):
 * <ul>
 *   <li>No TLS: an SSLRequest is refused. Clients that merely prefer TLS (Connector/J's default) carry on in plain
 *       text; the real admin would negotiate TLS with its self-signed certificate.</li>
 *   <li>One user, {@code mysql_native_password} only; a client that starts with another plugin is switched to it.
 *       No compression.</li>
 *   <li>COM_CHANGE_USER, COM_RESET_CONNECTION, COM_STATISTICS, COM_FIELD_LIST and every prepared-statement command
 *       are answered with ERR 1045 {@code Command not supported} (COM_STMT_PREPARE is, measured, what the real
 *       admin does); COM_SET_OPTION is accepted.</li>
 *   <li>Protocol violations (packets out of order, malformed packets, a query over 64 MiB) get MySQL's own error
 *       codes (1156, 1835, 1153) before the connection is closed; the real admin mostly just closes.</li>
 *   <li>At most 1024 connections (more are refused with ERR 1040); a connection must authenticate within 10 s.</li>
 *   <li>Error messages are cut at 1024 characters.</li>
 *   <li>Runtime is a plain copy of memory: there is no monitor, so no SHUNNED servers, no rows lingering as
 *       OFFLINE_HARD, no servers moved by {@code mysql_replication_hostgroups}, and LOAD timings are the stand-in's,
 *       not ProxySQL's.</li>
 * </ul>
 */
package org.mysqldiscovery.sandbox.proxysql;
