package org.mysqldiscovery.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.cli.support.CliRun;
import org.mysqldiscovery.cli.support.CliRun.Result;
import org.mysqldiscovery.cli.support.ZkFixture;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.common.model.Role;

/** {@code quarantine add|clear|list} against a real ZooKeeper (the MySQL side of clear: QuarantineClearMariaDbIT). */
class QuarantineCommandIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:09:05Z"), ZoneOffset.UTC);

    ZkFixture zk;

    @BeforeEach
    void start() throws Exception {
        zk = new ZkFixture();
        zk.register("orders", Role.PRIMARY, "db1:3306");
        zk.register("orders", Role.REPLICA, "db2:3306");
    }

    @AfterEach
    void stop() throws Exception {
        zk.close();
    }

    Result cli(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--zookeeper=" + zk.connectString();
        all[args.length + 1] = "--allow-unauthenticated";
        return CliRun.run(CLOCK, Map.of(), all);
    }

    QuarantineRecord record(String instance) throws Exception {
        byte[] data = zk.client().getData().forPath(zk.layout().quarantinePath(Instance.parse(instance)));
        return PayloadCodec.decodeQuarantine(data, "test");
    }

    @Test
    void add_writes_who_when_and_why() throws Exception {
        Result r = cli("quarantine", "add", "db2:3306", "--reason", "disk errors");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("quarantined db2:3306: disk errors\n");
        QuarantineRecord record = record("db2:3306");
        assertThat(record.reason()).isEqualTo("disk errors");
        assertThat(record.createdBy()).isEqualTo("cli:tester@test-host");
        assertThat(record.createdAt()).isEqualTo(CLOCK.instant());
        assertThat(record.recoveryUid()).isNull();
    }

    @Test
    void adding_the_only_primary_warns_that_writes_have_nowhere_to_go() {
        Result r = cli("quarantine", "add", "db1:3306", "--reason", "maintenance");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("warning: db1:3306 was the only primary of schema orders");
    }

    @Test
    void add_and_clear_answer_in_json_with_the_warnings() throws Exception {
        Result add = cli("quarantine", "add", "db1:3306", "--reason", "maintenance", "--json");
        assertThat(add.exitCode()).as(add.toString()).isZero();
        assertThat(add.out()).contains("\"command\" : \"quarantine add\"", "\"outcome\" : \"quarantined\"",
                "\"subject\" : \"db1:3306\"", "was the only primary of schema orders");
        Result again = cli("quarantine", "add", "db1:3306", "--reason", "again", "--json");
        assertThat(again.out()).contains("\"outcome\" : \"already-quarantined\"");

        Result clear = cli("quarantine", "clear", "db1:3306", "--reason", "done", "--json");
        assertThat(clear.exitCode()).as(clear.toString()).isZero();
        assertThat(clear.out()).contains("\"outcome\" : \"cleared\"", "\"subject\" : \"db1:3306\"");
    }

    @Test
    void add_keeps_an_existing_quarantine_as_it_is() throws Exception {
        zk.quarantine("db2:3306", "superseded by db1:3306");

        Result r = cli("quarantine", "add", "db2:3306", "--reason", "again");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("already quarantined (kept as it is): db2:3306")
                .contains("superseded by db1:3306");
        assertThat(record("db2:3306").reason()).isEqualTo("superseded by db1:3306");
    }

    @Test
    void adding_an_instance_that_is_not_registered_needs_force_and_suggests_near_spellings() throws Exception {
        Result typo = cli("quarantine", "add", "db-2:3306", "--reason", "x");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("db-2:3306 is not registered under any schema",
                "registered with the same host or port: db1:3306, db2:3306", "--force");
        assertThat(zk.exists(zk.layout().quarantinePath(Instance.parse("db-2:3306")))).isFalse();

        Result forced = cli("quarantine", "add", "db-2:3306", "--reason", "down, keep out", "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(record("db-2:3306").reason()).isEqualTo("down, keep out");
    }

    @Test
    void an_empty_or_multi_line_or_oversized_reason_is_refused() {
        assertThat(cli("quarantine", "add", "db2:3306", "--reason", " ").err()).contains("--reason must not be empty");
        assertThat(cli("quarantine", "add", "db2:3306", "--reason", "a\nb").err()).contains("one line");
        assertThat(cli("quarantine", "add", "db2:3306", "--reason", "x".repeat(2000)).err()).contains("longer than");
        assertThat(cli("quarantine", "add", "db2:3306").err()).contains("Missing required option: '--reason=TEXT'");
    }

    @Test
    void list_shows_who_when_why_as_text_and_json() throws Exception {
        zk.quarantine("db2:3306", "superseded by db1:3306");
        zk.register("orders", Role.PRIMARY, "db3:3306");
        zk.quarantine("db3:3306", "old primary");
        zk.raw(zk.layout().quarantineRoot() + "/db4:3306", "garbage");

        Result text = cli("quarantine", "list");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out().lines()).containsExactly(
                "db2:3306                     since 2026-01-02T03:04:05Z (5m00s ago) by role-agent@db9: superseded by"
                        + " db1:3306 [recovery 1:abc] [still registered as orders/replica]",
                "db3:3306                     since 2026-01-02T03:04:05Z (5m00s ago) by role-agent@db9: old primary"
                        + " [recovery 1:abc] [still registered as orders/primary]",
                "db4:3306                     MALFORMED (still quarantined): not valid JSON: Unrecognized token"
                        + " 'garbage': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or"
                        + " 'false')");

        Result json = cli("quarantine", "list", "--json");
        JsonNode doc = JSON.readTree(json.out());
        assertThat(doc.get("root").asText()).isEqualTo("/mysql-discovery");
        JsonNode first = doc.get("quarantines").get(0);
        assertThat(StatusCommandIT.fieldNames(first)).containsExactly("instance", "reason", "createdBy",
                "createdAt", "ageSeconds", "recoveryUid", "registeredAs", "problem", "noticeKey");
        assertThat(first.get("ageSeconds").asLong()).isEqualTo(300);
        assertThat(doc.get("quarantines").get(2).get("reason").isNull()).isTrue();
        assertThat(doc.get("quarantines").get(2).get("problem").asText()).startsWith("not valid JSON");
    }

    @Test
    void list_of_nothing_is_fine() {
        Result r = cli("quarantine", "list");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("no instance is quarantined\n");
    }

    @Test
    void clearing_an_instance_that_is_not_quarantined_is_an_input_error() throws Exception {
        zk.quarantine("db2:3306", "x");
        Result r = cli("quarantine", "clear", "db9:3306", "--reason", "checked");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("db9:3306 is not quarantined (quarantined: db2:3306)");
    }

    @Test
    void clearing_when_no_other_primary_is_registered_needs_no_mysql_check() throws Exception {
        zk.quarantine("db1:3306", "disk errors");
        Result r = cli("quarantine", "clear", "db1:3306", "--reason", "disk replaced");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("cleared quarantine of db1:3306 by tester@test-host: disk replaced (was: disk"
                + " errors, by role-agent@db9 at 2026-01-02T03:04:05Z)\n");
        assertThat(zk.exists(zk.layout().quarantinePath(Instance.parse("db1:3306")))).isFalse();
    }

    @Test
    void clearing_an_instance_of_a_schema_with_another_primary_cannot_be_checked_without_credentials()
            throws Exception {
        zk.quarantine("db2:3306", "disk errors");
        Result r = cli("quarantine", "clear", "db2:3306", "--reason", "disk replaced");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("no MySQL credentials");
    }

    @Test
    void clearing_an_old_primary_while_another_is_registered_needs_a_check_or_force() throws Exception {
        zk.quarantine("db9:3306", "superseded by db1:3306");

        Result refused = cli("quarantine", "clear", "db9:3306", "--reason", "checked");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("refused to clear db9:3306: cannot check whether db9:3306 is writable:"
                + " no MySQL credentials", "db1:3306 (schema orders) is registered as primary", "--force");
        assertThat(zk.exists(zk.layout().quarantinePath(Instance.parse("db9:3306")))).isTrue();

        Result forced = cli("quarantine", "clear", "db9:3306", "--reason", "checked by hand", "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.err()).contains("warning: --force: clearing although");
        assertThat(zk.exists(zk.layout().quarantinePath(Instance.parse("db9:3306")))).isFalse();
    }

    @Test
    void a_malformed_quarantine_can_still_be_cleared() throws Exception {
        zk.raw(zk.layout().quarantineRoot() + "/db1:3306",
                new String(new byte[] {(byte) 0xff, 0}, StandardCharsets.ISO_8859_1));
        Result r = cli("quarantine", "clear", "db1:3306", "--reason", "junk node");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("(was: malformed record)");
    }

    @Test
    void quarantine_without_a_subcommand_is_a_usage_error() {
        Result r = CliRun.run("quarantine");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("add, clear or list");
    }
}
