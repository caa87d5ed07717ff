package org.mysqldiscovery.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.cli.support.CliRun;
import org.mysqldiscovery.cli.support.CliRun.Result;
import org.mysqldiscovery.cli.support.ZkFixture;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.page.FailoverNoticeKey;

/** `quarantine clear` ends the incident the promotion opened: it resolves the failover notice named in the record. */
class QuarantineClearNoticeIT {
    static final Instant PROMOTED_AT = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;
    ZkFixture zk;
    HttpServer receiver;
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final AtomicInteger status = new AtomicInteger(202);
    String key;

    @BeforeEach
    void start() throws Exception {
        zk = new ZkFixture();
        zk.register("orders", Role.PRIMARY, "db2:3306");
        key = FailoverNoticeKey.of(Instance.parse("db1:3306"), "42:recovery", PROMOTED_AT);
        QuarantineRecord record = new QuarantineRecord("superseded by the promotion of db2:3306", "db2:3306/role-agent",
                PROMOTED_AT, "42:recovery", key);
        zk.raw(zk.layout().quarantinePath(Instance.parse("db1:3306")),
                new String(PayloadCodec.encode(record), StandardCharsets.UTF_8));
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try {
                received.add(PayloadCodec.mapper().readTree(exchange.getRequestBody()));
                exchange.sendResponseHeaders(status.get(), -1);
            } finally {
                exchange.close();
            }
        });
        receiver.start();
    }

    @AfterEach
    void stop() throws Exception {
        receiver.stop(0);
        zk.close();
    }

    Path config(String pager) throws Exception {
        Path file = dir.resolve("cli.yaml");
        Files.writeString(file, "zookeeper:\n  allowUnauthenticated: true\n  connectString: " + zk.connectString() + "\n" + pager);
        return file;
    }

    Path pagerDuty() throws Exception {
        Path routingKey = dir.resolve("routing-key");
        Files.writeString(routingKey, "rk-cli\n");
        return config("pager:\n  kind: pagerduty\n  url: http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/v2/enqueue\n  routingKeyFile: " + routingKey + "\n");
    }

    @Test
    void clearing_the_quarantine_resolves_the_failover_notice_of_the_promotion() throws Exception {
        Result r = CliRun.run("quarantine", "clear", "db1:3306", "--reason", "checked", "--force", "--config",
                pagerDuty().toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("cleared quarantine of db1:3306").contains("resolved failover notice " + key);
        assertThat(received).singleElement().satisfies(event -> {
            assertThat(event.path("event_action").asText()).isEqualTo("resolve");
            assertThat(event.path("dedup_key").asText()).isEqualTo(key);
            assertThat(event.path("routing_key").asText()).isEqualTo("rk-cli");
        });
    }

    @Test
    void a_pager_that_refuses_leaves_the_quarantine_cleared_and_says_which_notice_to_resolve() throws Exception {
        status.set(400);
        Result r = CliRun.run("quarantine", "clear", "db1:3306", "--reason", "checked", "--force", "--config",
                pagerDuty().toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(zk.exists(zk.layout().quarantinePath(Instance.parse("db1:3306")))).isFalse();
        assertThat(r.err()).contains("could not resolve failover notice " + key).contains("HTTP 400");
        assertThat(received).hasSize(1); // a 400 is not retried
    }

    @Test
    void without_a_pager_the_cli_says_the_notice_stays_open() throws Exception {
        Result r = CliRun.run("quarantine", "clear", "db1:3306", "--reason", "checked", "--force", "--config",
                config("").toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("failover notice " + key + " stays open");
        assertThat(received).isEmpty();
    }
}
