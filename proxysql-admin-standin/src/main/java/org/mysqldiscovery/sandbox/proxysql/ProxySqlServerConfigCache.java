package org.mysqldiscovery.sandbox.proxysql;

import com.mysql.cj.CacheAdapter;
import com.mysql.cj.CacheAdapterFactory;
import com.mysql.cj.conf.ConnectionUrl;
import com.mysql.cj.conf.HostInfo;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workaround that lets MySQL Connector/J (8.x, 9.x) connect to a ProxySQL admin interface (real or stand-in).
 *
 * <p>At connect, Connector/J asks for its session variables with {@code SELECT @@session.auto_increment_increment,
 * ...}, which the admin's SQLite rejects ({@code ProxySQL Admin Error: unrecognized token: "@"}, ProxySQL issue
 * #1671), and no URL property alone avoids it. With {@code cacheServerConfiguration=true} Connector/J first asks a
 * cache built by the factory named in {@code serverConfigCacheFactory}; this factory answers with the values the
 * admin would give, so the query is never sent. {@code useLocalSessionState=true} is needed as well, or writes and
 * {@code getTransactionIsolation()} send {@code select @@session.transaction_...} and fail the same way.
 * {@link #URL_PROPERTIES} carries all three.
 *
 * <p>Connector/J uses the cached values only if they name the exact version string of the server's greeting, which
 * only the server knows: the factory reads it once per URL by opening a connection, reading the greeting and
 * closing (the admin logs a connection that never authenticated). If the probe fails, the cache answers nothing
 * and Connector/J's own query fails as it would without the workaround.
 */
public final class ProxySqlServerConfigCache implements CacheAdapterFactory<String, Map<String, String>> {
    /** Append to a {@code jdbc:mysql://host:port/} URL (after {@code ?}). */
    public static final String URL_PROPERTIES = "serverConfigCacheFactory=" + ProxySqlServerConfigCache.class.getName()
            + "&cacheServerConfiguration=true&useLocalSessionState=true";

    private static final Logger LOG = LoggerFactory.getLogger(ProxySqlServerConfigCache.class);
    private static final int PROBE_TIMEOUT_MILLIS = 2_000;
    private static final String VERSION_KEY = "server_version_string";
    private static final ConcurrentMap<String, Map<String, String>> BY_URL = new ConcurrentHashMap<>();

    /** A Connector/J URL for the admin at {@code host:port} with the workaround's properties. */
    public static String jdbcUrl(String host, int port) {
        return "jdbc:mysql://" + host + ":" + port + "/?" + URL_PROPERTIES;
    }

    @Override
    public CacheAdapter<String, Map<String, String>> getInstance(Lock syncLock, String url, int cacheMaxSize,
                                                                 int maxKeySize) {
        return new Adapter();
    }

    /** What the admin would answer to Connector/J's session-variables query, if it could. */
    static Map<String, String> adminVariables(String serverVersion) {
        Map<String, String> variables = new HashMap<>();
        variables.put(VERSION_KEY, serverVersion);
        variables.put("auto_increment_increment", "1");
        variables.put("character_set_client", "utf8mb4");
        variables.put("character_set_connection", "utf8mb4");
        variables.put("character_set_server", "utf8mb4");
        variables.put("collation_server", "utf8mb4_general_ci");
        variables.put("collation_connection", "utf8mb4_general_ci");
        variables.put("init_connect", "");
        variables.put("interactive_timeout", "28800");
        variables.put("license", "GPL");
        variables.put("lower_case_table_names", "0");
        variables.put("max_allowed_packet", "67108864");
        variables.put("net_write_timeout", "60");
        variables.put("performance_schema", "0");
        variables.put("query_cache_size", "0");
        variables.put("query_cache_type", "OFF");
        variables.put("sql_mode", "");
        variables.put("system_time_zone", "UTC");
        variables.put("time_zone", "SYSTEM");
        variables.put("transaction_isolation", "REPEATABLE-READ");
        variables.put("tx_isolation", "REPEATABLE-READ");
        variables.put("wait_timeout", "28800");
        return Map.copyOf(variables);
    }

    /** The server version string of the greeting at {@code host:port}. */
    static String probeServerVersion(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MILLIS);
            socket.setSoTimeout(PROBE_TIMEOUT_MILLIS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[4];
            in.readFully(header);
            int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
            if (length < 2 || length > 1024) {
                throw new IOException("greeting from " + host + ":" + port + " has implausible length " + length);
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            return parseGreetingVersion(payload, host + ":" + port);
        }
    }

    static String parseGreetingVersion(byte[] payload, String from) throws IOException {
        if ((payload[0] & 0xff) == 0xff) {
            throw new IOException(from + " refused the connection before the greeting");
        }
        if ((payload[0] & 0xff) != ServerPackets.PROTOCOL_VERSION) {
            throw new IOException(from + " speaks protocol " + (payload[0] & 0xff) + ", not 10");
        }
        for (int end = 1; end < payload.length; end++) {
            if (payload[end] == 0) {
                return new String(payload, 1, end - 1, StandardCharsets.UTF_8);
            }
        }
        throw new IOException("greeting from " + from + " has no NUL-terminated server version");
    }

    private static Map<String, String> variablesFor(String url) {
        try {
            HostInfo host = ConnectionUrl.getConnectionUrlInstance(url, new Properties()).getMainHost();
            return adminVariables(probeServerVersion(host.getHost(), host.getPort()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the ProxySQL admin's greeting for {}: {}; Connector/J will ask the admin itself "
                    + "and fail", url, e.getMessage());
            return null;
        }
    }

    private static final class Adapter implements CacheAdapter<String, Map<String, String>> {
        @Override
        public Map<String, String> get(String url) {
            return BY_URL.computeIfAbsent(url, ProxySqlServerConfigCache::variablesFor);
        }

        @Override
        public void put(String url, Map<String, String> variables) {
            // Connector/J stores what it read itself; with the admin that never happens, but keep it if it does.
            BY_URL.put(url, Collections.unmodifiableMap(new HashMap<>(variables)));
        }

        @Override
        public void invalidate(String url) {
            // Connector/J found the version changed (the admin restarted with another mysql-server_version).
            BY_URL.remove(url);
        }

        @Override
        public void invalidateAll(Set<String> urls) {
            urls.forEach(BY_URL::remove);
        }

        @Override
        public void invalidateAll() {
            BY_URL.clear();
        }
    }
}
