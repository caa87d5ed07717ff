package org.mysqldiscovery.common.mysql;

/**
 * What a connection of the suite talks to. Every target is served by MariaDB Connector/J (decision and measurements
 * in docs/DESIGN.md, "The MySQL edge"): it logs in to ProxySQL's admin with a plain URL, where mysql-connector-j
 * needs a server-variable cache of its own; it is the server's own driver for MariaDB; and on MySQL 8 it speaks
 * {@code caching_sha2_password} and the plain SQL the suite sends. The agents cannot tell MySQL from MariaDB before
 * they connect, so one server target serves both.
 */
public enum MysqlTarget {
    /** A MySQL 8 or MariaDB server: the agents' own mysqld, the CLI's probes. */
    SERVER,
    /** ProxySQL's admin interface (port 6032): no connection attributes, it is no server to tag sessions on. */
    PROXYSQL_ADMIN
}
