package org.mysqldiscovery.role.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.files.RoleFileException;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.page.Pager;
import org.mysqldiscovery.role.http.RoleMetrics;
import org.mysqldiscovery.role.decide.CurrentRole;
import org.mysqldiscovery.role.decide.DrainDecision;
import org.mysqldiscovery.role.decide.DrainRequest;
import org.mysqldiscovery.role.decide.DrainRules;
import org.mysqldiscovery.role.decide.FailoverNotice;
import org.mysqldiscovery.role.decide.RoleDecision;
import org.mysqldiscovery.role.decide.RoleRequest;
import org.mysqldiscovery.role.decide.RoleRules;
import org.mysqldiscovery.role.drain.ConvergenceWaiter;
import org.mysqldiscovery.role.drain.DrainWait;
import org.mysqldiscovery.role.fence.FenceOutcome;
import org.mysqldiscovery.role.fence.Fencer;
import org.mysqldiscovery.role.quarantine.QuarantineOutcome;
import org.mysqldiscovery.role.quarantine.QuarantineStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the API's requests against the role directory and the edges (quarantine store, fencer, convergence
 * waiter, pager). Requests that change anything are serialized by one lock; the decisions themselves are the pure
 * rules of {@code decide}. A drain holds the lock only while it starts the lease, not during its convergence wait.
 *
 * <p>Order of a role change: quarantine (promotion with {@code supersedes}, bounded), flip the role file
 * (atomic), end any drain lease, fence (demotion, bounded), page the failover notice, answer. The file flips before
 * the fence so that the health agent moves the registration at once; the answer waits for the fence.
 *
 * <p>The service answers in its own terms ({@link Outcome}: done, refused, busy, not confirmed…); the HTTP edge
 * ({@code http/Reply}) decides which status code each one is.
 */
public final class RoleService {
    private static final Logger LOG = LoggerFactory.getLogger(RoleService.class);
    /** A request that waits longer than this for the lock is BUSY; the hooks' curl -m is shorter anyway. */
    private static final long LOCK_WAIT_MILLIS = 5_000;

    private final Instance self;
    private final RoleDirectory directory;
    private final QuarantineStore quarantines;
    private final Fencer fencer;
    private final ConvergenceWaiter waiter;
    private final Pager pager;
    private final Clock clock;
    private final boolean fenceOnDemotion;
    private final Duration drainConfirmTimeout;
    private final ReentrantLock lock = new ReentrantLock(true);
    /** Bumped whenever a lease starts or ends: a convergence wait for an older lease stops. */
    private final AtomicLong leaseGeneration = new AtomicLong();
    private final RoleMetrics metrics;

    public RoleService(Instance self, RoleDirectory directory, QuarantineStore quarantines, Fencer fencer,
            ConvergenceWaiter waiter, Pager pager, Clock clock, boolean fenceOnDemotion, Duration drainConfirmTimeout,
            RoleMetrics metrics) {
        this.self = self;
        this.directory = directory;
        this.quarantines = quarantines;
        this.fencer = fencer;
        this.waiter = waiter;
        this.pager = pager;
        this.clock = clock;
        this.fenceOnDemotion = fenceOnDemotion;
        this.drainConfirmTimeout = drainConfirmTimeout;
        this.metrics = metrics;
    }

    public Instance self() {
        return self;
    }

    /** {@code GET /v1/role}. */
    public Outcome getRole() {
        Role role;
        try {
            role = directory.readRole();
        } catch (RoleFileException e) {
            return Outcome.error(Outcome.Kind.UNREADABLE, null, "role file unreadable: " + e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instance", self.spelling());
        try {
            body.put("schema", directory.readSchema().value());
        } catch (RoleFileException e) {
            body.put("schema", null);
            body.put("schemaError", e.getMessage());
        }
        body.put("role", role.token());
        body.put("changedAt", changedAt());
        drainUntil().ifPresent(until -> body.put("drainUntil", until.toString()));
        return Outcome.done(body);
    }

    /** {@code PUT /v1/role}. */
    public Outcome putRole(RoleRequest request) {
        if (!acquire()) {
            return busy();
        }
        try {
            CurrentRole current = currentRole();
            RoleDecision decision = RoleRules.decide(self, current, request, fenceOnDemotion);
            if (decision instanceof RoleDecision.Refuse refuse) {
                return Outcome.error(Outcome.Kind.REFUSED, refuse.field(), refuse.reason());
            }
            if (decision instanceof RoleDecision.Unchanged unchanged) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("instance", self.spelling());
                body.put("role", unchanged.role().token());
                body.put("changed", false);
                body.put("changedAt", changedAt());
                return Outcome.done(body);
            }
            return change((RoleDecision.Change) decision, request);
        } finally {
            lock.unlock();
        }
    }

    private Outcome change(RoleDecision.Change change, RoleRequest request) {
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instance", self.spelling());
        body.put("role", change.to().token());
        body.put("previousRole", change.from() == null ? null : change.from().token());
        body.put("changed", true);
        QuarantineOutcome quarantine = null;
        if (change.quarantine() != null) {
            // The notice's key goes into the record: `quarantine clear` resolves the notice with it.
            QuarantineRecord record = new QuarantineRecord(quarantineReason(change.quarantine(), request),
                    self.spelling() + "/role-agent", now, request.recoveryUid(),
                    FailoverNotice.dedupKey(change.quarantine(), request.recoveryUid(), now));
            quarantine = quarantines.quarantine(change.quarantine(), record);
            if (!quarantine.inPlace()) {
                metrics.quarantineFailed();
            }
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("instance", change.quarantine().spelling());
            q.put("status", quarantine.status().token());
            q.put("detail", quarantine.detail());
            body.put("quarantine", q);
        }
        try {
            directory.writeRole(change.to());
        } catch (RoleFileException e) {
            LOG.error("ROLE FILE NOT WRITTEN: {} -> {}: {}", change.from(), change.to(), e.getMessage());
            Map<String, Object> error = new LinkedHashMap<>(Outcome.error(Outcome.Kind.NOT_WRITTEN, null,
                    "role file not written: " + e.getMessage()).body());
            if (body.containsKey("quarantine")) {
                error.put("quarantine", body.get("quarantine"));
            }
            return new Outcome(Outcome.Kind.NOT_WRITTEN, error);
        }
        metrics.roleChanged();
        LOG.info("role {} -> {} ({})", change.from(), change.to(), request.reason());
        body.put("changedAt", changedAt());
        body.put("drainEnded", endLease());
        if (change.fence()) {
            FenceOutcome fence = fencer.fence();
            if (fence.status() == FenceOutcome.Status.FAILED) {
                metrics.fenceFailed();
            }
            body.put("fence", Map.of("status", fence.status().token(), "detail", fence.detail()));
        } else if (!change.to().isPrimary()) {
            body.put("fence", Map.of("status", "skipped", "detail", fenceOnDemotion
                    ? "the previous role was not primary" : "fenceOnDemotion is false"));
        }
        if (quarantine != null) {
            metrics.noticed();
            pager.send(FailoverNotice.of(self, schemaOrNull(), change.quarantine(), quarantine.inPlace(),
                    quarantine.detail(), request.recoveryUid(), request.reason(), now));
        }
        return Outcome.done(body);
    }

    private static String quarantineReason(Instance superseded, RoleRequest request) {
        String reason = "superseded by the promotion of " + request.instance().spelling() + ": " + request.reason();
        return reason.length() > QuarantineRecord.MAX_TEXT ? reason.substring(0, QuarantineRecord.MAX_TEXT) : reason;
    }

    /** {@code PUT /v1/drain}: start the lease, then wait (outside the lock) for every sync to apply. */
    public Outcome putDrain(DrainRequest request) {
        Instant until;
        SchemaName schema;
        long generation;
        if (!acquire()) {
            return busy();
        }
        try {
            DrainDecision decision = DrainRules.decide(self, currentRole(), request, clock.instant());
            if (decision instanceof DrainDecision.Refuse refuse) {
                return Outcome.error(Outcome.Kind.REFUSED, refuse.field(), refuse.reason());
            }
            until = ((DrainDecision.Start) decision).until();
            try {
                schema = directory.readSchema();
            } catch (RoleFileException e) {
                // Without the schema the registration path is unknown: nothing could be confirmed.
                return Outcome.error(Outcome.Kind.UNREADABLE, null, "cannot drain: schema file unreadable: " + e.getMessage());
            }
            try {
                directory.writeDrainUntil(until);
            } catch (RoleFileException e) {
                return Outcome.error(Outcome.Kind.NOT_WRITTEN, null, "cannot drain: " + e.getMessage());
            }
            generation = leaseGeneration.incrementAndGet();
            LOG.info("drain lease until {} ({})", until, request.reason());
        } finally {
            lock.unlock();
        }
        Instant deadline = clock.instant().plus(drainConfirmTimeout);
        DrainWait wait = waiter.await(schema, self, deadline,
                () -> leaseGeneration.get() == generation && clock.instant().isBefore(until));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instance", self.spelling());
        body.put("drainUntil", until.toString());
        body.put("waitedMillis", wait.millis());
        if (wait.convergence() != null) {
            body.put("zxid", wait.convergence().targetZxid());
            body.put("syncCount", wait.convergence().waitedFor());
            body.put("syncs", wait.convergence().syncs());
            if (wait.convergence().warning() != null) {
                body.put("warning", wait.convergence().warning());
            }
        }
        switch (wait.outcome()) {
            case CONFIRMED -> {
                body.put("drained", true);
                LOG.info("drain confirmed in {} ms: {}", wait.millis(), wait.detail());
                return Outcome.done(body);
            }
            case CANCELLED -> {
                body.put("drained", false);
                body.put("error", wait.detail());
                return new Outcome(Outcome.Kind.CANCELLED, body);
            }
            default -> {
                metrics.drainTimedOut();
                body.put("drained", false);
                body.put("phase", wait.phase());
                body.put("error", "drain not confirmed within " + drainConfirmTimeout.toMillis() + " ms: "
                        + wait.detail() + "; the lease stays and expires by itself at " + until);
                LOG.warn("drain NOT confirmed within {} ms: {}", drainConfirmTimeout.toMillis(), wait.detail());
                return new Outcome(Outcome.Kind.NOT_CONFIRMED, body);
            }
        }
    }

    /** {@code DELETE /v1/drain}: end the lease early. */
    public Outcome deleteDrain() {
        if (!acquire()) {
            return busy();
        }
        try {
            boolean ended = endLease();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("instance", self.spelling());
            body.put("changed", ended);
            return Outcome.done(body);
        } finally {
            lock.unlock();
        }
    }

    /** Removes the lease file (under the lock); true when there was one. */
    private boolean endLease() {
        leaseGeneration.incrementAndGet();
        try {
            if (!directory.drainFileExists()) {
                return false; // the common case: no lease, no delete, no directory fsync on the failover path
            }
        } catch (RoleFileException e) {
            LOG.error("cannot end the drain lease: {} (it expires by itself)", e.getMessage());
            return false;
        }
        boolean had = drainUntil().isPresent();
        try {
            directory.clearDrain();
            if (had) {
                LOG.info("drain lease ended");
            }
            return had;
        } catch (RoleFileException e) {
            LOG.error("cannot end the drain lease: {} (it expires by itself)", e.getMessage());
            return false;
        }
    }

    public Optional<Instant> drainUntil() {
        try {
            return directory.readDrainUntil();
        } catch (RoleFileException e) {
            LOG.warn("drain file unreadable: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private CurrentRole currentRole() {
        try {
            return CurrentRole.of(directory.readRole());
        } catch (RoleFileException e) {
            return CurrentRole.unreadable(e.getMessage());
        }
    }

    private String schemaOrNull() {
        try {
            return directory.readSchema().value();
        } catch (RoleFileException e) {
            return null;
        }
    }

    private String changedAt() {
        try {
            return directory.roleChangedAt().toString();
        } catch (RoleFileException e) {
            return null;
        }
    }

    private boolean acquire() {
        try {
            return lock.tryLock(LOCK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Outcome busy() {
        return Outcome.error(Outcome.Kind.BUSY, null, "busy: another request held the lock for more than " + LOCK_WAIT_MILLIS
                + " ms; retry");
    }
}
