package org.mysqldiscovery.sandbox.proxysql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stand-in's model of ProxySQL's backend connection pool, as far as a drain depends on it
 * (docs/reference/proxysql-admin.md, "In-flight writes when a writer leaves the hostgroup"):
 * <ul>
 *   <li>A query goes to an ONLINE server of its hostgroup in the <em>runtime</em>; none ONLINE (empty, or every server
 *       OFFLINE_SOFT): ProxySQL holds it, here {@link #begin} answers empty and the client waits.</li>
 *   <li>{@code stats_mysql_connection_pool.ConnUsed} of a (hostgroup, server) counts the queries running there.</li>
 *   <li>OFFLINE_SOFT lets running queries finish. A LOAD that takes the server out of the hostgroup (DELETE), or
 *       sets it OFFLINE_HARD, while a query runs there loses that query's answer: ProxySQL re-sends the statement to
 *       the next writer ({@code mysql-query_retries_on_failure} = 1), although it may have committed already.</li>
 * </ul>
 *
 * <p><b>Test-only channel.</b> The stand-in has no MySQL interface, so a client that routes as ProxySQL would (the
 * scenarios' writer) calls {@link #begin} before it sends a query to the chosen server and {@link Query#finish} when
 * the server answered; {@code finish} says whether ProxySQL would have lost that answer and re-sent the query. A real
 * ProxySQL needs none of this: the client just talks to its MySQL port.
 *
 * <p>Not modelled: weights (the first ONLINE server in host:port order is chosen: the suite has one writer),
 * connection reuse and multiplexing, {@code ConnFree}/{@code ConnOK}/{@code ConnERR} (always 0), latency, SHUNNED
 * servers' own retries, and whether ProxySQL re-sends after OFFLINE_HARD (assumed: as after a removal).
 */
public final class ConnectionPool {
    /** One runtime_mysql_servers row, as far as routing goes. */
    public record Server(int hostgroup, String host, int port, String status) {
        String instance() {
            return host + ":" + port;
        }

        Key key() {
            return new Key(hostgroup, host, port);
        }
    }

    /** One row of stats_mysql_connection_pool. */
    public record Stat(int hostgroup, String host, int port, String status, int connUsed, long queries) {
    }

    record Key(int hostgroup, String host, int port) {
    }

    /** A query the client has sent to {@link #instance()}. */
    public final class Query {
        private final Key key;
        private boolean lost;
        private boolean finished;

        private Query(Key key) {
            this.key = key;
        }

        /** host:port of the server the query went to. */
        public String instance() {
            return key.host() + ":" + key.port();
        }

        /**
         * The server answered. True when ProxySQL would have lost that answer (the server left the hostgroup while
         * the query ran) and re-sends the query to the next server of the hostgroup.
         */
        public boolean finish() {
            synchronized (ConnectionPool.this) {
                if (!finished) {
                    finished = true;
                    if (!lost) {
                        release(this);
                    }
                }
                return lost;
            }
        }
    }

    private List<Server> runtime = List.of();
    private final Map<Key, Set<Query>> running = new HashMap<>();
    private final Map<Key, Long> queries = new HashMap<>();
    private long lostAnswers;

    /**
     * Routes one query of {@code hostgroup} as ProxySQL would now, and counts it as running there.
     *
     * @return the query, or empty while no server of the hostgroup is ONLINE (ProxySQL holds the query)
     */
    public synchronized Optional<Query> begin(int hostgroup) {
        Optional<Server> target = runtime.stream()
                .filter(s -> s.hostgroup() == hostgroup && "ONLINE".equals(s.status()))
                .min(Comparator.comparing(Server::host).thenComparingInt(Server::port));
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Query query = new Query(target.get().key());
        running.computeIfAbsent(query.key, k -> new LinkedHashSet<>()).add(query);
        queries.merge(query.key, 1L, Long::sum);
        return Optional.of(query);
    }

    /** How many answers were lost by a server leaving its hostgroup mid-query since the stand-in started. */
    public synchronized long lostAnswers() {
        return lostAnswers;
    }

    /** The runtime changed (LOAD MYSQL SERVERS TO RUNTIME, or a start): queries on servers that left lose answers. */
    synchronized void runtimeLoaded(List<Server> servers) {
        runtime = List.copyOf(servers);
        Map<Key, String> status = new HashMap<>();
        for (Server server : servers) {
            status.put(server.key(), server.status());
        }
        for (var entry : new ArrayList<>(running.entrySet())) {
            String now = status.get(entry.getKey());
            if (now == null || "OFFLINE_HARD".equals(now)) {
                for (Query query : entry.getValue()) {
                    query.lost = true;
                    lostAnswers++;
                }
                running.remove(entry.getKey());
            }
        }
    }

    /** stats_mysql_connection_pool: one row per runtime server. */
    synchronized List<Stat> stats() {
        List<Stat> stats = new ArrayList<>(runtime.size());
        for (Server server : runtime) {
            Key key = server.key();
            stats.add(new Stat(server.hostgroup(), server.host(), server.port(), server.status(),
                    running.getOrDefault(key, Set.of()).size(), queries.getOrDefault(key, 0L)));
        }
        return stats;
    }

    private void release(Query query) {
        Set<Query> set = running.get(query.key);
        if (set != null) {
            set.remove(query);
            if (set.isEmpty()) {
                running.remove(query.key);
            }
        }
    }
}
