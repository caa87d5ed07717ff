package org.mysqldiscovery.it.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.zk.ZkIdentities;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.sandbox.process.ProcessSupervisor;
import org.mysqldiscovery.sandbox.zookeeper.FourLetterWords;
import org.mysqldiscovery.sandbox.zookeeper.ZooKeeperEnsemble;
import org.mysqldiscovery.sandbox.zookeeper.ZooKeeperMember;
import org.mysqldiscovery.sandbox.zookeeper.ZooKeeperSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Issue 16, fleet scale simulated: a real 3-node ZooKeeper ensemble, {@code fleet.registrations} registrations in
 * {@code fleet.schemas} schemas held by as many sessions (lightweight agents, {@link FleetRegistrars}, in
 * {@code fleet.registrarJvms} JVMs), {@code fleet.syncs} syncs ({@link FleetSyncs}: real registry, barrier, planner
 * and guards, recording applier) in {@code fleet.syncJvms} JVMs plus one sync alone in a JVM with the production
 * flags (RSS, CPU and bytes read per change). Measures a role change → applied on every sync, the ensemble's request
 * rate, a quorum loss of {@code fleet.outageSeconds} and back. On demand, not in CI:
 *
 * <pre>
 * ./mvnw -B -q -pl integration-tests -am test-compile -DskipTests &amp;&amp; ./mvnw -B -q -pl integration-tests exec:exec \
 *     -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-Xmx256m -cp %classpath org.mysqldiscovery.it.bench.FleetBenchmark"
 * </pre>
 * Parameters are system properties of the coordinator ({@code -Dfleet.registrations=500 ...} before {@code -cp}).
 */
public final class FleetBenchmark {
    /** The sync's recommended flags (README, Puppet, SyncFootprintBenchmark.RECOMMENDED). */
    static final String PRODUCTION_FLAGS = "-Xmx40m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m "
            + "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -XX:MaxDirectMemorySize=8m";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final FleetShape shape;
    private final int syncs = Integer.getInteger("fleet.syncs", 100);
    private final int syncJvms = Integer.getInteger("fleet.syncJvms", 3);
    private final int registrarJvms = Integer.getInteger("fleet.registrarJvms", 3);
    private final int changes = Integer.getInteger("fleet.changes", 30);
    private final int outageSeconds = Integer.getInteger("fleet.outageSeconds", 20);
    /** How long after the quorum is back the run waits for every sync to converge. */
    private final int outageWatchSeconds = Integer.getInteger("fleet.outageWatchSeconds", 600);
    private final int sessionTimeoutMillis = Integer.getInteger("fleet.sessionTimeoutMillis", 6_000);
    private final long jitterMillis = Long.getLong("fleet.jitterMillis", 0);
    /** The sync's settle window; the product's default is twice the session timeout, 0 turns it off. */
    private final long settleMillis = Long.getLong("fleet.settleMillis", 2L * sessionTimeoutMillis);
    private final int rampPerSecond = Integer.getInteger("fleet.rampPerSecond", 400);
    private final int zkHeapMb = Integer.getInteger("fleet.zkHeapMb", 512);
    /**
     * ZooKeeper's tick. Production's default (2 s) gives its default limits: a follower has 20 s to sync with a new
     * leader (initLimit 10 ticks) and 10 s to answer it (syncLimit 5). The sandbox's 200 ms tick made them 10 s and
     * 2 s, too short for members sharing two cores with 5,100 reconnecting clients.
     */
    private final int zkTickMillis = Integer.getInteger("fleet.zkTickMillis", 2_000);
    /**
     * The servers' log level. At INFO the full-scale outage made the three servers write 6.1 million lines (806 MB,
     * 172,000 stack traces of refused connections) on the two cores they share with the fleet; production servers
     * log on their own hosts.
     */
    private final String zkLogLevel = System.getProperty("fleet.zkLogLevel", "ERROR");
    private final String syncJvmHeap = System.getProperty("fleet.syncJvmHeap", "1536m");
    private final Path report = Path.of(System.getProperty("fleet.report", "target/fleet-report.json"));
    private final List<Process> children = new ArrayList<>();
    private final List<Process> registrarProcesses = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> whoAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final FleetAuth auth = FleetAuth.random();
    private final Map<String, Object> results = new LinkedHashMap<>();

    // Fed by the children's output readers.
    private final Map<Integer, Integer> syncRows = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> syncBlind = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> registered = new ConcurrentHashMap<>();
    private final Map<Integer, Long> nodeExists = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Long>> probeApplied = new ConcurrentHashMap<>();
    private final AtomicLong removals = new AtomicLong();
    private final AtomicLong removalEvents = new AtomicLong();
    /** Fleet server (host:port) → how many syncs removed it. */
    private final Map<String, Integer> removedBy = new ConcurrentHashMap<>();
    private final AtomicLong massRefusals = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    private FleetBenchmark() {
        shape = new FleetShape(Integer.getInteger("fleet.registrations", 5_000), Integer.getInteger("fleet.schemas",
                1_000));
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "run" : args[0];
        switch (mode) {
            case "run" -> new FleetBenchmark().run();
            case "registrars" -> FleetRegistrars.run(new FleetShape(Integer.parseInt(args[2]),
                    Integer.parseInt(args[3])), args[1], Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]), Long.parseLong(args[7]), Integer.parseInt(args[8]));
            case "syncs" -> FleetSyncs.run(new FleetShape(Integer.parseInt(args[2]), Integer.parseInt(args[3])),
                    args[1], Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                    Long.parseLong(args[7]));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private void run() throws Exception {
        Path dir = Files.createTempDirectory("fleet-bench");
        double load0 = loadAverage();
        log("fleet: " + shape.registrations() + " registrations in " + shape.schemas() + " schemas, " + syncs
                + " syncs; load average at start " + load0 + " (2 shared cores)");
        Runtime.getRuntime().addShutdownHook(new Thread(this::killChildren));
        try (ProcessSupervisor supervisor = new ProcessSupervisor(dir);
                ZooKeeperEnsemble ensemble = new ZooKeeperEnsemble(new ZooKeeperSettings(3, zkTickMillis, zkHeapMb,
                        Duration.ofSeconds(60), zkLogLevel), dir.resolve("zk"), supervisor)) {
            ensemble.start();
            ensemble.awaitQuorum(Duration.ofSeconds(60));
            String connect = ensemble.connectString();
            ZkLayout layout = ZkLayout.defaultLayout();
            // The coordinator is the operator: it creates the parents and owns the probes.
            try (CuratorFramework client = auth.curator(CuratorFrameworkFactory.builder().connectString(connect)
                    .sessionTimeoutMs(20_000).connectionTimeoutMs(5_000)
                    .retryPolicy(new ExponentialBackoffRetry(100, 29, 2_000)), ZkIdentities.Kind.OPERATOR, layout)
                    .build()) {
                client.start();
                client.blockUntilConnected(60, TimeUnit.SECONDS);
                createParents(client, layout);
                fleetUp(connect, ensemble);
                Process footprint = syncsUp(connect);
                changes(client, layout, ensemble, footprint);
                dumpProfile(footprint);
                if (outageSeconds > 0) { // 0: no quorum loss (profiling the change path)
                    outage(ensemble, client, layout);
                }
            } finally {
                results.put("loadAverageAtEnd", loadAverage());
                killChildren();
            }
        } finally {
            killChildren();
            results.put("loadAverageAtStart", load0);
            results.put("ensembleSettings", Map.of("tickMillis", zkTickMillis, "heapMb", zkHeapMb, "serverLogLevel",
                    zkLogLevel));
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, JSON.writeValueAsString(results));
            log("report: " + report.toAbsolutePath());
        }
    }

    private void createParents(CuratorFramework client, ZkLayout layout) throws Exception {
        long t0 = System.nanoTime();
        for (String parent : layout.persistentParents()) {
            if (client.checkExists().forPath(parent) == null) {
                client.create().creatingParentsIfNeeded().forPath(parent);
            }
        }
        // As the agents' Curator would (creatingParentContainersIfNeeded): one role node per (schema, role).
        List<CuratorOp> ops = new ArrayList<>();
        for (int s = 0; s < shape.schemas(); s++) {
            SchemaName schema = FleetShape.schema(s);
            ops.add(client.transactionOp().create().withACL(acl(layout.schemaPath(schema)))
                    .forPath(layout.schemaPath(schema)));
            for (Role role : Role.values()) {
                ops.add(client.transactionOp().create().withACL(acl(layout.rolePath(schema, role)))
                        .forPath(layout.rolePath(schema, role)));
            }
            if (ops.size() >= 400) {
                client.transaction().forOperations(ops);
                ops.clear();
            }
        }
        if (!ops.isEmpty()) {
            client.transaction().forOperations(ops);
        }
        log("parents created in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
    }

    private void fleetUp(String connect, ZooKeeperEnsemble ensemble) throws Exception {
        long t0 = System.nanoTime();
        int per = shape.registrations() / registrarJvms;
        for (int j = 0; j < registrarJvms; j++) {
            int from = j * per;
            int to = j == registrarJvms - 1 ? shape.registrations() : from + per;
            int index = j;
            registrarProcesses.add(launch("registrars-" + j, List.of("-Xmx192m", "-Xss256k", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1"), List.of("registrars", connect, "" + shape.registrations(),
                    "" + shape.schemas(), "" + from, "" + to, "" + sessionTimeoutMillis, "" + jitterMillis,
                    "" + Math.max(1, rampPerSecond / registrarJvms)), line -> {
                        if (line.startsWith("WHO ")) {
                            whoAnswers.add(line.substring(4));
                            return;
                        }
                        String[] f = line.split(" ");
                        if (f[0].equals("REG")) {
                            registered.put(index, Integer.parseInt(f[1]));
                            if (f.length > 3) {
                                nodeExists.put(index, Long.parseLong(f[3]));
                            }
                        }
                    }));
        }
        await("all " + shape.registrations() + " registrations", Duration.ofMinutes(10),
                () -> registeredTotal() >= shape.registrations());
        Map<String, Long> mntr = mntr(ensemble);
        results.put("fleetUpSeconds", seconds(t0));
        results.put("ensembleAtRest", mntr);
        log("fleet registered in " + seconds(t0) + " s; ensemble: " + mntr);
    }

    /** Starts the syncs; returns the JVM of the lone sync with the production flags. */
    private Process syncsUp(String connect) throws Exception {
        long t0 = System.nanoTime();
        List<String> loneFlags = new ArrayList<>(List.of(PRODUCTION_FLAGS.split(" ")));
        // e.g. -Dfleet.loneSyncProfile=/tmp/lone.jfr: a flight recording of the lone sync (where its CPU goes).
        String profile = System.getProperty("fleet.loneSyncProfile");
        if (profile != null) {
            loneFlags.add("-XX:StartFlightRecording=filename=" + profile + ",settings=profile");
        }
        Process footprint = launchSyncs("syncs-footprint", loneFlags, connect, 0, 1);
        int others = syncs - 1;
        int per = others / Math.max(1, syncJvms);
        int next = 1;
        for (int j = 0; j < syncJvms && others > 0; j++) {
            int count = j == syncJvms - 1 ? syncs - next : per;
            launchSyncs("syncs-" + j, List.of("-Xmx" + syncJvmHeap, "-Xss512k", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1"), connect, next, count);
            next += count;
        }
        await("every sync holding " + shape.registrations() + " rows", Duration.ofMinutes(10),
                () -> convergedSyncs(shape.registrations()) == syncs);
        results.put("syncsUpSeconds", seconds(t0));
        log("all " + syncs + " syncs hold the fleet after " + seconds(t0) + " s");
        return footprint;
    }

    private Process launchSyncs(String name, List<String> jvm, String connect, int first, int count)
            throws IOException {
        return launch(name, jvm, List.of("syncs", connect, "" + shape.registrations(), "" + shape.schemas(),
                "" + first, "" + count, "" + sessionTimeoutMillis, "" + settleMillis), this::syncLine);
    }

    private void syncLine(String line) {
        String[] f = line.split(" ");
        switch (f[0]) {
            case "S" -> {
                int id = Integer.parseInt(f[1]);
                syncRows.put(id, Integer.parseInt(f[2]));
                syncBlind.put(id, f[3].equals("1"));
            }
            case "A" -> probeApplied.computeIfAbsent(f[2] + "@" + f[3], k -> new ConcurrentHashMap<>())
                    .putIfAbsent(Integer.parseInt(f[1]), Long.parseLong(f[4]));
            case "R" -> {
                removalEvents.incrementAndGet();
                removals.addAndGet(Long.parseLong(f[2]));
                if (f.length > 4) {
                    for (String server : f[4].split(",")) {
                        removedBy.merge(server, 1, Integer::sum);
                    }
                }
                log("REMOVAL by sync " + f[1] + ": " + f[2] + " fleet servers");
            }
            case "M" -> massRefusals.incrementAndGet();
            case "E" -> {
                errors.incrementAndGet();
                log("sync error: " + line);
            }
            default -> { }
        }
    }

    private void changes(CuratorFramework client, ZkLayout layout, ZooKeeperEnsemble ensemble, Process footprint)
            throws Exception {
        long pid = footprint.pid();
        // The probes, one per change, each a replica in its own schema (created before the measure).
        for (int k = 0; k < changes; k++) {
            Instance probe = FleetShape.probe(k);
            SchemaName schema = FleetShape.schema(k % shape.schemas());
            client.create().withMode(CreateMode.EPHEMERAL).forPath(layout.registrationPath(schema, Role.REPLICA,
                    probe), payload(probe, schema, Role.REPLICA));
        }
        await("the probes on every sync", Duration.ofMinutes(5),
                () -> convergedSyncs(shape.registrations() + changes) == syncs);
        ProcSample idle0 = ProcSample.of(pid);
        long[] idleTicks0 = machineTicks();
        Map<String, Long> z0 = mntr(ensemble);
        long idleStart = System.nanoTime();
        TimeUnit.SECONDS.sleep(10);
        ProcSample idle1 = ProcSample.of(pid);
        long[] idleTicks1 = machineTicks();
        double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
        double idleRequestsPerSecond = rate(z0, mntr(ensemble), "zk_packets_received", idleSeconds);

        List<Long> latencies = new ArrayList<>();
        List<Long> lastSyncLatencies = new ArrayList<>();
        ProcSample p0 = ProcSample.of(pid);
        long[] changeTicks0 = machineTicks();
        Map<String, Long> m0 = mntr(ensemble);
        long start = System.nanoTime();
        int missed = 0;
        for (int k = 0; k < changes; k++) {
            Instance probe = FleetShape.probe(k);
            int s = k % shape.schemas();
            SchemaName schema = FleetShape.schema(s);
            String key = probe.host() + ":" + probe.port() + "@" + FleetShape.hostgroup(s, Role.REPORTING_REPLICA);
            long t0 = FleetSyncs.nowMicros();
            // A role change as the health agent makes it: the old role's node goes, the new one comes (one multi).
            client.transaction().forOperations(
                    client.transactionOp().delete().forPath(layout.registrationPath(schema, Role.REPLICA, probe)),
                    client.transactionOp().create().withMode(CreateMode.EPHEMERAL).withACL(acl(layout
                            .registrationPath(schema, Role.REPORTING_REPLICA, probe))).forPath(layout.registrationPath(
                            schema, Role.REPORTING_REPLICA, probe), payload(probe, schema,
                            Role.REPORTING_REPLICA)));
            try {
                await("change " + k + " on every sync", Duration.ofSeconds(30),
                        () -> probeApplied.getOrDefault(key, Map.of()).size() >= syncs);
            } catch (IllegalStateException e) {
                missed++;
                log(e.getMessage());
            }
            long slowest = 0;
            for (long at : probeApplied.getOrDefault(key, Map.of()).values()) {
                long latency = at - t0;
                latencies.add(latency);
                slowest = Math.max(slowest, latency);
            }
            lastSyncLatencies.add(slowest);
            TimeUnit.MILLISECONDS.sleep(500);
        }
        double span = (System.nanoTime() - start) / 1e9;
        ProcSample p1 = ProcSample.of(pid);
        long[] changeTicks1 = machineTicks();
        Map<String, Long> m1 = mntr(ensemble);

        Map<String, Object> change = new LinkedHashMap<>();
        change.put("changes", changes);
        change.put("changesNotSeenByEverySyncWithin30s", missed);
        change.put("perSyncApplyMillis", percentiles(latencies));
        change.put("lastSyncApplyMillis", percentiles(lastSyncLatencies));
        change.put("ensembleRequestsPerSecondDuringChanges", rate(m0, m1, "zk_packets_received", span));
        change.put("ensembleRequestsPerSecondIdle", idleRequestsPerSecond);
        // The whole machine (2 cores): what the fleet at rest costs, and what changing it costs on top.
        change.put("machineCpuBusyPercentIdle", busyPercent(idleTicks0, idleTicks1));
        change.put("machineCpuBusyPercentDuringChanges", busyPercent(changeTicks0, changeTicks1));
        double idleCpuPerSecond = (idle1.cpuMillis - idle0.cpuMillis) / idleSeconds;
        double idleReadPerSecond = (idle1.readBytes - idle0.readBytes) / idleSeconds;
        Map<String, Object> sync = new LinkedHashMap<>();
        sync.put("flags", PRODUCTION_FLAGS);
        sync.put("rssMiB", p1.rssKb / 1024.0);
        sync.put("cpuMillisPerChange", ((p1.cpuMillis - p0.cpuMillis) - idleCpuPerSecond * span) / changes);
        sync.put("bytesReadPerChange", ((p1.readBytes - p0.readBytes) - idleReadPerSecond * span) / changes);
        sync.put("idleCpuMillisPerSecond", idleCpuPerSecond);
        sync.put("idleBytesReadPerSecond", idleReadPerSecond);
        change.put("loneSync", sync);
        change.put("loadAverage", loadAverage());
        results.put("roleChange", change);
        log("role change → applied: " + change);
    }

    /** The lone sync's flight recording, when asked for: dumped now (the child is killed, not stopped, later). */
    private static void dumpProfile(Process footprint) throws IOException, InterruptedException {
        String profile = System.getProperty("fleet.loneSyncProfile");
        if (profile == null) {
            return;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process dump = new ProcessBuilder(jcmd.toString(), "" + footprint.pid(), "JFR.dump", "filename=" + profile)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        dump.waitFor(60, TimeUnit.SECONDS);
        log("lone sync profile: " + profile);
    }

    private void outage(ZooKeeperEnsemble ensemble, CuratorFramework client, ZkLayout layout) throws Exception {
        removedBy.clear();
        long removalsBefore = removals.get();
        long nodeExistsBefore = nodeExistsTotal();
        long massBefore = massRefusals.get();
        int expected = shape.registrations(); // plus the probes, unless their owner (this client) lost its session
        log("quorum loss: stopping two of three members for " + outageSeconds + " s");
        List<Integer> stopped = new ArrayList<>();
        for (int i = 0; i < 3 && stopped.size() < 2; i++) {
            if (ensemble.leaderIndex().orElse(-1) != i || stopped.size() == 1) {
                stopped.add(i);
            }
        }
        long t0 = System.nanoTime();
        for (int i : stopped) {
            ensemble.stop(i);
        }
        TimeUnit.SECONDS.sleep(outageSeconds);
        for (int i : stopped) {
            ensemble.start(i);
        }
        try {
            ensemble.awaitQuorum(Duration.ofSeconds(180));
        } catch (IllegalStateException e) {
            // Seen at full scale under load 130: the outage result is that the quorum did not come back in time.
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("quorumNotBackWithinSeconds", 180);
            out.put("spuriousRemovals", removals.get() - removalsBefore);
            out.put("loadAverage", loadAverage());
            results.put("quorumLoss", out);
            log("quorum not back: " + e.getMessage());
            return;
        }
        long back = System.nanoTime();
        log("quorum back after " + seconds(t0) + " s");
        long peak = 0;
        Map<String, Long> previous = mntrPerMember(ensemble);
        long previousAt = System.nanoTime();
        long convergedAt = 0;
        long deadline = back + TimeUnit.SECONDS.toNanos(outageWatchSeconds);
        List<Long> rates = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(1_000);
            Map<String, Long> now = mntrPerMember(ensemble);
            long at = System.nanoTime();
            long delta = 0;
            for (Map.Entry<String, Long> e : now.entrySet()) {
                long before = previous.getOrDefault(e.getKey(), 0L);
                delta += e.getValue() >= before ? e.getValue() - before : e.getValue();
            }
            long perSecond = Math.round(delta / ((at - previousAt) / 1e9));
            rates.add(perSecond);
            peak = Math.max(peak, perSecond);
            previous = now;
            previousAt = at;
            boolean converged = registeredTotal() >= shape.registrations() && convergedSyncs(-1) == syncs;
            if (converged && convergedAt == 0) {
                convergedAt = System.nanoTime();
                log("every sync converged " + seconds(back) + " s after the quorum came back");
            } else if (!converged && convergedAt != 0) {
                convergedAt = 0; // e.g. an adopted node of an old session expired: not converged after all
                log("not converged any more " + seconds(back) + " s after the quorum came back");
            }
            // Watch until the old sessions have expired and the settle window has closed: removals come then.
            long quietFor = TimeUnit.MILLISECONDS.toNanos(settleMillis + sessionTimeoutMillis + 5_000);
            if (convergedAt != 0 && at - convergedAt > TimeUnit.SECONDS.toNanos(5) && at - back > quietFor) {
                break;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("outageSeconds", outageSeconds);
        out.put("sessionTimeoutMillis", sessionTimeoutMillis);
        out.put("reRegistrationJitterMillis", jitterMillis);
        out.put("settleMillis", settleMillis);
        // Spurious: a server removed although its registration came back (it is registered at the end).
        List<String> notBack = new ArrayList<>();
        long spurious = 0;
        Map<String, FleetShape.Slot> slots = new java.util.HashMap<>();
        for (int i = 0; i < shape.registrations(); i++) {
            FleetShape.Slot slot = shape.slot(i);
            slots.put(slot.instance().host() + ":" + slot.instance().port(), slot);
        }
        for (Map.Entry<String, Integer> removed : removedBy.entrySet()) {
            if (registeredNow(client, layout, slots, removed.getKey())) {
                spurious += removed.getValue();
            } else {
                notBack.add(removed.getKey());
            }
        }
        out.put("removals", removals.get() - removalsBefore);
        out.put("spuriousRemovals", spurious);
        out.put("removedServersNotRegisteredAtTheEnd", notBack.stream().sorted().limit(20).toList());
        out.put("agentsThatBelieveTheyAreRegistered", registeredTotal());
        out.put("agentsNotBack", askRegistrars(layout, slots, notBack.stream().sorted().limit(20).toList()));
        out.put("massRemovalRefusals", massRefusals.get() - massBefore);
        // Creates refused because the old session's node was still there: the old sessions outlived the outage.
        out.put("reRegistrationsRefusedByOldNode", nodeExistsTotal() - nodeExistsBefore);
        out.put("convergedSecondsAfterQuorumBack", convergedAt == 0 ? null : (convergedAt - back) / 1e9);
        out.put("peakEnsembleRequestsPerSecond", peak);
        out.put("ensembleRequestsPerSecondBySecond", rates);
        out.put("expectedRowsPerSync", expected);
        out.put("loadAverage", loadAverage());
        results.put("quorumLoss", out);
        results.put("syncErrors", errors.get());
        log("quorum loss: " + out);
    }

    /** Whether the fleet server {@code host:port} has its registration in ZooKeeper now. */
    private boolean registeredNow(CuratorFramework client, ZkLayout layout, Map<String, FleetShape.Slot> slots,
            String server) throws Exception {
        FleetShape.Slot slot = slots.get(server);
        return slot != null && client.checkExists().forPath(layout.registrationPath(slot.schema(), slot.role(),
                slot.instance())) != null;
    }

    /** Syncs not blind whose rows equal the fleet plus whatever probes they hold ({@code rows < 0}: any probes). */
    private int convergedSyncs(int rows) {
        int n = 0;
        for (Map.Entry<Integer, Integer> e : syncRows.entrySet()) {
            boolean blind = syncBlind.getOrDefault(e.getKey(), true);
            int r = e.getValue();
            boolean ok = rows >= 0 ? r == rows : r >= shape.registrations() && r <= shape.registrations() + changes;
            if (!blind && ok) {
                n++;
            }
        }
        return n;
    }

    private long nodeExistsTotal() {
        return nodeExists.values().stream().mapToLong(Long::longValue).sum();
    }

    private java.util.List<org.apache.zookeeper.data.ACL> acl(String path) {
        return auth.policy(ZkLayout.defaultLayout()).aclFor(path);
    }

    /** Asks the registrar JVMs what the agents of {@code servers} think (their WHO answers, a few seconds' worth). */
    private List<String> askRegistrars(ZkLayout layout, Map<String, FleetShape.Slot> slots, List<String> servers)
            throws InterruptedException {
        whoAnswers.clear();
        for (String server : servers) {
            FleetShape.Slot slot = slots.get(server);
            if (slot == null) {
                continue;
            }
            String question = "WHO " + layout.registrationPath(slot.schema(), slot.role(), slot.instance()) + "\n";
            for (Process registrar : registrarProcesses) {
                try {
                    registrar.getOutputStream().write(question.getBytes(StandardCharsets.UTF_8));
                    registrar.getOutputStream().flush();
                } catch (IOException e) {
                    whoAnswers.add("cannot ask " + registrar.pid() + ": " + e.getMessage());
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (whoAnswers.size() < servers.size() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100); // a benchmark's own bookkeeping, not a test
        }
        return new ArrayList<>(whoAnswers);
    }

    private int registeredTotal() {
        return registered.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static byte[] payload(Instance instance, SchemaName schema, Role role) {
        return PayloadCodec.encode(Registration.ofMysql(instance, schema, role, "dc1", 0, 0, java.time.Instant.now(),
                "fleet-bench"));
    }

    private Process launch(String name, List<String> jvm, List<String> args, java.util.function.Consumer<String> sink)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-Dlogback.configurationFile=none");
        cmd.add("-Dzookeeper.jmx.log4j.disable=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(FleetBenchmark.class.getName());
        cmd.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put(FleetAuth.ENV, auth.secret());
        Process process = builder.start();
        synchronized (children) {
            children.add(process);
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    try {
                        sink.accept(line);
                    } catch (RuntimeException e) {
                        // a log line of the child, not a report: ignored
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, "out-" + name);
        reader.setDaemon(true);
        reader.start();
        log("started " + name + " pid " + process.pid());
        return process;
    }

    private void killChildren() {
        List<Process> all;
        synchronized (children) {
            all = new ArrayList<>(children);
            children.clear();
        }
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : all) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextLog = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > nextLog) {
                nextLog += TimeUnit.SECONDS.toNanos(15);
                log("waiting for " + what + ": " + registeredTotal() + " registered, " + convergedSyncs(-1)
                        + " syncs converged, load " + loadAverage());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private static Map<String, Long> mntr(ZooKeeperEnsemble ensemble) {
        Map<String, Long> sum = new LinkedHashMap<>();
        for (ZooKeeperMember member : ensemble.members()) {
            for (Map.Entry<String, Long> e : parseMntr(member).entrySet()) {
                if (e.getKey().equals("zk_znode_count") || e.getKey().equals("zk_watch_count")
                        || e.getKey().equals("zk_ephemerals_count")) {
                    sum.merge(e.getKey() + "_max", e.getValue(), Math::max);
                } else {
                    sum.merge(e.getKey(), e.getValue(), Long::sum);
                }
            }
        }
        return sum;
    }

    private static Map<String, Long> mntrPerMember(ZooKeeperEnsemble ensemble) {
        Map<String, Long> out = new HashMap<>();
        for (ZooKeeperMember member : ensemble.members()) {
            out.put("m" + member.index(), parseMntr(member).getOrDefault("zk_packets_received", 0L));
        }
        return out;
    }

    private static Map<String, Long> parseMntr(ZooKeeperMember member) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (!member.isRunning()) {
            return out;
        }
        String text = FourLetterWords.send("127.0.0.1", member.clientPort(), "mntr", Duration.ofSeconds(2))
                .orElse("");
        for (String line : text.split("\n")) {
            String[] kv = line.split("\t");
            if (kv.length == 2 && Arrays.asList("zk_packets_received", "zk_packets_sent", "zk_num_alive_connections",
                    "zk_watch_count", "zk_znode_count", "zk_ephemerals_count", "zk_outstanding_requests")
                    .contains(kv[0])) {
                try {
                    out.put(kv[0], Long.parseLong(kv[1].trim()));
                } catch (NumberFormatException e) {
                    // not a number on this version: left out
                }
            }
        }
        return out;
    }

    private static double rate(Map<String, Long> a, Map<String, Long> b, String key, double seconds) {
        return (b.getOrDefault(key, 0L) - a.getOrDefault(key, 0L)) / seconds;
    }

    private static Map<String, Double> percentiles(List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        sorted.sort(Long::compare);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("n", (double) sorted.size());
        if (sorted.isEmpty()) {
            return out;
        }
        out.put("p50", sorted.get((int) Math.floor(0.50 * (sorted.size() - 1))) / 1000.0);
        out.put("p99", sorted.get((int) Math.ceil(0.99 * (sorted.size() - 1))) / 1000.0);
        out.put("max", sorted.get(sorted.size() - 1) / 1000.0);
        return out;
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
    }

    /** Machine CPU ticks (busy, total) from /proc/stat: how much of the two cores the whole run used. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** Percent of the machine's CPU time busy between two {@link #machineTicks()}. */
    private static double busyPercent(long[] from, long[] to) {
        long total = to[1] - from[1];
        return total <= 0 ? -1 : Math.round(1000.0 * (to[0] - from[0]) / total) / 10.0;
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void log(String message) {
        System.out.println(java.time.LocalTime.now().withNano(0) + " " + message);
        System.out.flush();
    }

    /** RSS, CPU time and bytes read of a process, from /proc (Linux). */
    private record ProcSample(long rssKb, long cpuMillis, long readBytes) {
        static ProcSample of(long pid) {
            try {
                long rss = 0;
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                long rchar = 0;
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
                    if (line.startsWith("rchar:")) {
                        rchar = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
                return new ProcSample(rss, ticks * 10, rchar);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read /proc/" + pid + ": " + e.getMessage(), e);
            }
        }
    }
}
