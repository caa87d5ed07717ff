package org.mysqldiscovery.health.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.common.config.ConfigLoader;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.health.check.CheckNames;
import org.mysqldiscovery.health.check.CheckResult;
import org.mysqldiscovery.health.check.CheckStatus;
import org.mysqldiscovery.health.check.ReplicaStatus;
import org.mysqldiscovery.health.check.Target;
import org.mysqldiscovery.health.config.HealthAgentConfig;
import org.mysqldiscovery.health.config.HeartbeatSettings;

class MysqlRoundTest {

    /** A server whose successive SHOW REPLICA STATUS answers are scripted ("io/sql/lastIoError[/secondsBehind]"). */
    private static final class ScriptedServer implements MysqlServer {
        private final Deque<ReplicaStatus> answers = new ArrayDeque<>();
        int reads;

        ScriptedServer(String... script) {
            this(List.of(script));
        }

        ScriptedServer(List<String> script) {
            for (String line : script) {
                String[] parts = line.split("/", -1);
                Long behind = parts.length < 4 ? Long.valueOf(0) : parts[3].equals("NULL") ? null
                        : Long.valueOf(parts[3]);
                answers.add(new ReplicaStatus(parts[0], parts[1], behind, "Seconds_Behind_Master", parts[2], ""));
            }
        }

        @Override
        public void ping() {
        }

        @Override
        public ServerVariables variables() {
            return new ServerVariables(true, null);
        }

        @Override
        public Optional<ReplicaStatus> replicaStatus() {
            reads++;
            return Optional.of(answers.size() > 1 ? answers.poll() : answers.peek());
        }

        @Override
        public Long heartbeatLagMillis(HeartbeatSettings heartbeat) {
            return null;
        }

        @Override
        public String bufferPoolLoadStatus() {
            return "Buffer pool(s) load completed at 251122 10:00:00";
        }

        @Override
        public void fence(boolean superReadOnly) {
        }

        @Override
        public void close() {
        }
    }

    private static HealthAgentConfig config() throws ConfigException {
        return ConfigLoader.parse("""
                instance: 127.0.0.1:3306
                zookeeper: {allowUnauthenticated: true, connectString: "127.0.0.1:2181"}
                mysql: {user: health}
                checkIntervalMillis: 200
                maxReplicationLagSeconds: 10
                """, "test.yaml", HealthAgentConfig.class);
    }

    @ParameterizedTest(name = "{0} then {1} -> {2} after {3} read(s)")
    @CsvSource({
            // Caught between STOP SLAVE and START SLAVE of a repoint: the second look sees it running.
            "No/No/,                Yes/Yes/, PASS, 2",
            "No/Yes/,               Yes/Yes/, PASS, 2",
            // Still stopped when the look runs out (half an interval): a stop, judged within this round.
            "No/No/,                No/No/,   FAIL, 0",
            // A stop with an error needs no second look: it is broken.
            "No/Yes/error 1236,     Yes/Yes/, FAIL, 1",
            // Running, or reconnecting: one look.
            "Yes/Yes/,              No/No/,   PASS, 1"})
    void a_replica_caught_mid_repoint_is_looked_at_again_before_it_is_judged(String first, String second,
            CheckStatus expected, int reads) throws ConfigException {
        ScriptedServer server = new ScriptedServer(List.of(first, second));
        MysqlRound round = new MysqlRound(config(), server, Clock.systemUTC());
        CheckResult replication = round.run(1, new Target.Mysql(SchemaName.of("orders"), Role.REPLICA), false)
                .checks().stream().filter(c -> c.name().equals(CheckNames.REPLICATION)).findFirst().orElseThrow();
        assertThat(replication.status()).as(replication.message()).isEqualTo(expected);
        if (reads == 0) {
            // Looked again every 10 ms for at most half the 200 ms interval.
            assertThat(server.reads).isBetween(2, 12);
        } else {
            assertThat(server.reads).isEqualTo(reads);
        }
    }

    /** A clock the test moves. */
    private static final class StepClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T10:00:00Z");

        void advanceMillis(long millis) {
            now = now.plusMillis(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static CheckResult replication(MysqlRound round) {
        return round.run(1, new Target.Mysql(SchemaName.of("orders"), Role.REPLICA), false).checks().stream()
                .filter(c -> c.name().equals(CheckNames.REPLICATION)).findFirst().orElseThrow();
    }

    @Test
    void a_seconds_behind_jump_after_a_repoint_is_outlasted_only_while_the_data_is_provably_fresh()
            throws ConfigException {
        // Rounds: measured 1 s behind; then the repoint's jump to 30 s (or NULL) while the last measured pass is
        // recent; then the same jump once the bound (time since the pass + its 1 s) is past the 10 s limit.
        ScriptedServer server = new ScriptedServer("Yes/Yes//1", "Yes/Yes//30", "Yes/Yes//NULL", "Yes/Yes//30");
        StepClock clock = new StepClock();
        MysqlRound round = new MysqlRound(config(), server, clock);
        assertThat(replication(round).status()).isEqualTo(CheckStatus.PASS);
        clock.advanceMillis(500);
        CheckResult jump = replication(round);
        assertThat(jump.status()).as(jump.message()).isEqualTo(CheckStatus.PASS);
        assertThat(jump.message()).contains("data at most 1500 ms old");
        clock.advanceMillis(500);
        assertThat(replication(round).status()).isEqualTo(CheckStatus.PASS);
        // A pass granted by the bound does not renew it: 9.1 s after the measured pass, plus its 1 s, is too old.
        clock.advanceMillis(8_100);
        CheckResult stale = replication(round);
        assertThat(stale.status()).as(stale.message()).isEqualTo(CheckStatus.FAIL);
        assertThat(stale.message()).contains("lag 30 s exceeds 10000 ms");
    }

    /** A writable primary with super_read_only (MySQL 8); its fence fails when told to. */
    private static final class WritableServer extends ScriptedServerBase {
        final List<Boolean> fences = new java.util.ArrayList<>();
        private final boolean fenceFails;

        WritableServer(boolean fenceFails) {
            this.fenceFails = fenceFails;
        }

        @Override
        public ServerVariables variables() {
            return new ServerVariables(false, false);
        }

        @Override
        public void fence(boolean superReadOnly) throws java.sql.SQLException {
            fences.add(superReadOnly);
            if (fenceFails) {
                throw new java.sql.SQLException("Access denied; you need the SUPER privilege", "42000", 1227);
            }
        }
    }

    /** The reads a primary round makes, answering. */
    private abstract static class ScriptedServerBase implements MysqlServer {
        @Override
        public void ping() {
        }

        @Override
        public Optional<ReplicaStatus> replicaStatus() {
            return Optional.empty();
        }

        @Override
        public Long heartbeatLagMillis(HeartbeatSettings heartbeat) {
            return null;
        }

        @Override
        public String bufferPoolLoadStatus() {
            return null;
        }

        @Override
        public void close() {
        }
    }

    @ParameterizedTest(name = "fence fails: {0} -> {1}")
    @CsvSource({"false, FENCED, quarantined and was writable: set super_read_only=ON and read_only=ON",
            "true, FAILED, quarantined and WRITABLE; setting read_only failed: Access denied; you need the SUPER "
                    + "privilege [1227/42000]"})
    void a_quarantined_writable_server_is_fenced_by_the_round_super_read_only_first(boolean fails,
            org.mysqldiscovery.health.check.FencingOutcome.Action action, String message) throws ConfigException {
        WritableServer server = new WritableServer(fails);
        MysqlRound round = new MysqlRound(config(), server, Clock.systemUTC());
        var result = round.run(1, new Target.Mysql(SchemaName.of("orders"), Role.PRIMARY), true);
        assertThat(server.fences).containsExactly(true);
        assertThat(result.fencing().action()).isEqualTo(action);
        assertThat(result.fencing().message()).isEqualTo(message);
        assertThat(round.run(2, new Target.Mysql(SchemaName.of("orders"), Role.PRIMARY), false).fencing().action())
                .isEqualTo(org.mysqldiscovery.health.check.FencingOutcome.Action.NOT_NEEDED);
        assertThat(server.fences).hasSize(1);
    }

    @Test
    void without_a_measured_pass_a_seconds_behind_jump_fails_at_once() throws ConfigException {
        MysqlRound round = new MysqlRound(config(), new ScriptedServer("Yes/Yes//30"), new StepClock());
        assertThat(replication(round).status()).isEqualTo(CheckStatus.FAIL);
    }
}
