package org.mysqldiscovery.health.http;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.mysqldiscovery.common.files.BoundedFileIo;
import org.mysqldiscovery.common.http.HealthReport;
import org.mysqldiscovery.health.AgentStatus;
import org.mysqldiscovery.health.Watchdog;
import org.mysqldiscovery.health.check.CheckResult;
import org.mysqldiscovery.health.check.FencingOutcome;
import org.mysqldiscovery.health.check.Hysteresis;
import org.mysqldiscovery.health.check.Target;
import org.mysqldiscovery.health.config.HealthAgentConfig;
import org.mysqldiscovery.health.registry.RegistrationStatus;
import org.mysqldiscovery.health.registry.ZkConnection;

/**
 * {@code /health}: 200 while the registration exists (decided, created by this session, ZooKeeper connected), 503
 * otherwise; the body lists every check and says exactly why the instance is not registered.
 */
public final class HealthView implements Supplier<HealthReport> {
    private final HealthAgentConfig config;
    private final Supplier<AgentStatus> status;
    private final Supplier<RegistrationStatus> registration;
    private final ZkConnection zookeeper;
    private final String agentVersion;
    private final Watchdog watchdog;

    public HealthView(HealthAgentConfig config, Supplier<AgentStatus> status,
            Supplier<RegistrationStatus> registration, ZkConnection zookeeper, String agentVersion,
            Watchdog watchdog) {
        this.config = config;
        this.status = status;
        this.registration = registration;
        this.zookeeper = zookeeper;
        this.agentVersion = agentVersion;
        this.watchdog = watchdog;
    }

    /** Whether the instance is registered right now. */
    public boolean registered() {
        return registered(status.get(), registration.get());
    }

    private boolean registered(AgentStatus agent, RegistrationStatus held) {
        return agent.decision().register() != null && held.confirmed() && held.path() != null
                && held.path().equals(agent.targetPath()) && zookeeper.connected() && watchdog.why().isEmpty();
    }

    @Override
    public HealthReport get() {
        AgentStatus agent = status.get();
        RegistrationStatus held = registration.get();
        boolean registered = registered(agent, held);
        List<String> stuck = watchdog.why();
        List<String> why = new ArrayList<>(stuck);
        why.addAll(agent.decision().whyNot());
        if (!zookeeper.connected()) {
            why.add("zookeeper: " + zookeeper.stateName() + " since " + zookeeper.since());
        } else if (!registered && agent.decision().register() != null && stuck.isEmpty()) {
            why.add("registration: " + (held.problem() != null ? held.problem() : "the node is being created"));
        }
        List<CheckResult> checks = new ArrayList<>(agent.gates());
        if (agent.round() != null) {
            checks.addAll(agent.round().checks());
        }
        Target target = agent.target();
        Hysteresis h = agent.hysteresis();
        FencingOutcome fencing = agent.lastFencing();
        Body body = new Body(
                registered,
                config.mode().token(),
                config.instance().spelling(),
                target instanceof Target.Mysql mysql ? mysql.schema().value() : null,
                target instanceof Target.Mysql mysql ? mysql.role().token() : target == null ? null : "proxysql",
                held.path() != null ? held.path() : agent.targetPath(),
                new Zk(zookeeper.stateName(), zookeeper.connected(), zookeeper.since(), zookeeper.losses()),
                registered ? List.of() : why,
                checks,
                new Rounds(agent.round() == null ? null : agent.round().completedAt(), h.health().name()
                        .toLowerCase(Locale.ROOT), h.passes(), h.failures(), h.rise(), h.fall(),
                        config.checkIntervalMillis()),
                new Fencing(config.fencing().enabled(), fencing == null ? null : fencing.action().name()
                        .toLowerCase(Locale.ROOT), fencing == null ? null : fencing.message(),
                        agent.lastFencedAt()),
                new WatchdogState(watchdog.boundMillis(), !stuck.isEmpty(), stuck, watchdog.trips(),
                        BoundedFileIo.timeouts()),
                agentVersion);
        return new HealthReport(registered, body);
    }

    /** The JSON of {@code /health}. */
    @JsonPropertyOrder({"registered", "mode", "instance", "schema", "role", "registrationPath", "zookeeper",
            "whyNotRegistered", "checks", "rounds", "fencing", "watchdog", "agentVersion"})
    public record Body(boolean registered, String mode, String instance, String schema, String role,
            String registrationPath, Zk zookeeper, List<String> whyNotRegistered, List<CheckResult> checks,
            Rounds rounds, Fencing fencing, WatchdogState watchdog, String agentVersion) {
    }

    /**
     * @param boundMillis  {@code watchdogMillis}
     * @param tripped      a part is stuck now: the registration was withdrawn by the watchdog
     * @param stuck        which part, for how long
     * @param trips        trips since the start
     * @param fileTimeouts file system calls on the role files that did not answer within their bound, since the start
     */
    public record WatchdogState(long boundMillis, boolean tripped, List<String> stuck, long trips,
            long fileTimeouts) {
    }

    public record Zk(String state, boolean connected, Instant since, long sessionLosses) {
    }

    public record Rounds(Instant lastRoundAt, String health, int consecutivePasses, int consecutiveFailures, int rise,
            int fall, int checkIntervalMillis) {
    }

    public record Fencing(boolean enabled, String lastAction, String message, Instant lastFencedAt) {
    }
}
