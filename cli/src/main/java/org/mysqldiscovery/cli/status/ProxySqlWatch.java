package org.mysqldiscovery.cli.status;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.common.lifecycle.State;
import org.mysqldiscovery.sync.plan.HostgroupMap;
import org.mysqldiscovery.sync.plan.ServerRow;
import org.mysqldiscovery.sync.proxysql.AdminEndpoint;
import org.mysqldiscovery.sync.proxysql.AdminException;
import org.mysqldiscovery.sync.proxysql.ProxySqlAdmin;
import org.mysqldiscovery.sync.proxysql.ProxySqlApplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what each configured ProxySQL really routes ({@code runtime_mysql_servers} in the hostgroups its sync
 * manages, through the admin interface with that sync's own config, as {@code status --sync-config} does) every
 * {@code refreshMillis}, one ProxySQL after the other on its own thread: a slow or unreachable admin delays only this
 * read (its connect timeout bounds it), never the ZooKeeper view. Read-only: it only SELECTs.
 */
public final class ProxySqlWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxySqlWatch.class);
    /** Rows kept per ProxySQL: far above a real one's managed hostgroups, and a bound on the page's document. */
    public static final int MAX_ROWS = 10_000;

    /** One runtime row, with the schema and role the sync's hostgroup map gives its hostgroup. */
    public record Row(int hostgroup, String schema, String role, String instance, String status, int weight,
            int maxConnections) {
    }

    /**
     * The last read of one ProxySQL.
     *
     * @param proxysql the sync's status name (its {@code sync/} node), to join with its lag
     * @param admin    the admin address read
     * @param readAt   when it was last read successfully (null: never)
     * @param error    why the last read failed (null when it did not); the rows are then those of {@code readAt}
     * @param rows     its rows in managed hostgroups (at most {@link #MAX_ROWS})
     * @param omitted  rows beyond {@link #MAX_ROWS}, left out
     */
    public record Read(String proxysql, String admin, Instant readAt, String error, List<Row> rows, int omitted) {
        public Read {
            rows = List.copyOf(rows);
        }
    }

    private record Target(Path file, SyncRouting config) {
    }

    private final List<Target> targets = new ArrayList<>();
    private final long refreshMillis;
    private final Clock clock;
    private volatile List<Read> reads;
    private ScheduledExecutorService reader;
    private State state = State.LATENT;

    /**
     * Loads every sync config now (only its proxysql and hostgroups sections, {@link SyncRouting}): a missing or
     * invalid one is a usage error of serve, said with its file.
     */
    public ProxySqlWatch(List<Path> syncConfigs, long refreshMillis, Clock clock) {
        for (Path file : syncConfigs) {
            try {
                targets.add(new Target(file, SyncRouting.load(file)));
            } catch (ConfigException e) {
                throw new IllegalArgumentException("serve.statusPage.syncConfigs: " + e.getMessage(), e);
            }
        }
        this.refreshMillis = refreshMillis;
        this.clock = Objects.requireNonNull(clock, "clock");
        List<Read> none = new ArrayList<>();
        for (Target t : targets) {
            none.add(new Read(t.config().proxysql().status().spelling(), t.config().proxysql().admin().spelling(),
                    null, "not read yet", List.of(), 0));
        }
        this.reads = List.copyOf(none);
    }

    public synchronized void start() {
        if (state != State.LATENT) {
            throw new IllegalStateException("ProxySQL watch already " + state);
        }
        state = State.STARTED;
        if (targets.isEmpty()) {
            return;
        }
        reader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "status-proxysql-reader");
            thread.setDaemon(true);
            return thread;
        });
        reader.scheduleWithFixedDelay(this::readAll, 0, refreshMillis, TimeUnit.MILLISECONDS);
        LOG.info("status page: reading {} ProxySQL admin(s) every {} ms", targets.size(), refreshMillis);
    }

    /** The last read of every configured ProxySQL, in config order (empty when none is configured). */
    public List<Read> reads() {
        return reads;
    }

    void readAll() {
        List<Read> before = reads;
        List<Read> now = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            now.add(readOne(targets.get(i), before.get(i)));
        }
        reads = List.copyOf(now);
    }

    private Read readOne(Target target, Read previous) {
        String name = target.config().proxysql().status().spelling();
        AdminEndpoint endpoint = AdminEndpoint.of(target.config().proxysql());
        HostgroupMap map = target.config().map();
        try (ProxySqlAdmin admin = new ProxySqlAdmin(endpoint)) {
            List<ServerRow> runtime = new ProxySqlApplier(admin, map.managedHostgroups()).read().runtime();
            List<Row> rows = new ArrayList<>();
            int omitted = 0;
            for (ServerRow row : runtime) {
                var slot = map.slot(row.hostgroupId());
                if (slot.isEmpty()) {
                    continue;
                }
                if (rows.size() >= MAX_ROWS) {
                    omitted++;
                    continue;
                }
                rows.add(new Row(row.hostgroupId(), slot.get().schema().value(), slot.get().role().token(),
                        spelling(row.hostname(), row.port()), row.status(), row.weight(), row.maxConnections()));
            }
            if (previous.error() != null && previous.readAt() != null) {
                LOG.info("status page: ProxySQL {} readable again", endpoint);
            }
            return new Read(name, previous.admin(), clock.instant(), null, rows, omitted);
        } catch (AdminException | RuntimeException e) {
            // One unreadable ProxySQL (down, wrong password, a row it cannot parse) is shown, the others still read.
            String why = "cannot read " + endpoint + " (" + target.file() + "): " + e.getMessage();
            if (previous.error() == null || previous.readAt() == null && "not read yet".equals(previous.error())) {
                LOG.warn("status page: {}", why);
            }
            return new Read(name, previous.admin(), previous.readAt(), why, previous.rows(), previous.omitted());
        }
    }

    static String spelling(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (reader != null) {
            reader.shutdownNow();
        }
    }
}
