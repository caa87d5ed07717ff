package org.mysqldiscovery.health.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
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

    /** A server whose successive SHOW REPLICA STATUS answers are scripted ("io/sql/lastIoError"). */
    private static final class ScriptedServer implements MysqlServer {
        private final Deque<ReplicaStatus> answers = new ArrayDeque<>();
        int reads;

        ScriptedServer(List<String> script) {
            for (String line : script) {
                String[] parts = line.split("/", -1);
                answers.add(new ReplicaStatus(parts[0], parts[1], 0L, "Seconds_Behind_Master", parts[2], ""));
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
                zookeeper: {connectString: "127.0.0.1:2181"}
                mysql: {user: health}
                checkIntervalMillis: 200
                """, "test.yaml", HealthAgentConfig.class);
    }

    @ParameterizedTest(name = "{0} then {1} -> {2} after {3} reads")
    @CsvSource({
            // Caught between STOP SLAVE and START SLAVE of a repoint: the second look sees it running.
            "No/No/,                Yes/Yes/, PASS, 2",
            "No/Yes/,               Yes/Yes/, PASS, 2",
            // Still stopped on the second look: a stop, judged within this round.
            "No/No/,                No/No/,   FAIL, 2",
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
        assertThat(server.reads).isEqualTo(reads);
    }
}
