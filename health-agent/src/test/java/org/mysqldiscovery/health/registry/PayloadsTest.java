package org.mysqldiscovery.health.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.common.config.ConfigLoader;
import org.mysqldiscovery.common.model.MalformedPayloadException;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.health.check.Target;
import org.mysqldiscovery.health.config.HealthAgentConfig;

class PayloadsTest {
    private static final Instant AT = Instant.parse("2025-03-01T10:15:30.123Z");

    private static HealthAgentConfig config(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", HealthAgentConfig.class);
    }

    @Test
    void a_mysql_registration_carries_the_contract_fields() throws ConfigException, IOException,
            MalformedPayloadException {
        HealthAgentConfig config = config("""
                instance: db1.example.com:3307
                zookeeper: {allowUnauthenticated: true, connectString: "127.0.0.1:2181", root: /md}
                mysql: {user: health}
                datacenter: dc2
                weight: 7
                maxConnections: 300
                """);
        Payloads payloads = new Payloads(config, "1.2.3");
        Target target = new Target.Mysql(SchemaName.of("orders"), Role.REPORTING_REPLICA);
        DesiredNode node = payloads.node(target, AT);

        assertThat(node.path()).isEqualTo("/md/mysql/orders/reporting-replica/db1.example.com:3307");
        JsonNode json = PayloadCodec.mapper().readTree(node.payload());
        assertThat(json.fieldNames()).toIterable().containsExactly("host", "port", "schema", "role", "datacenter",
                "weight", "maxConnections", "registeredAt", "agentVersion");
        assertThat(json.get("host").asText()).isEqualTo("db1.example.com");
        assertThat(json.get("port").asInt()).isEqualTo(3307);
        assertThat(json.get("schema").asText()).isEqualTo("orders");
        assertThat(json.get("role").asText()).isEqualTo("reporting-replica");
        assertThat(json.get("datacenter").asText()).isEqualTo("dc2");
        assertThat(json.get("weight").asInt()).isEqualTo(7);
        assertThat(json.get("maxConnections").asInt()).isEqualTo(300);
        assertThat(json.get("registeredAt").asText()).isEqualTo("2025-03-01T10:15:30.123Z");
        assertThat(json.get("agentVersion").asText()).isEqualTo("1.2.3");

        Registration decoded = PayloadCodec.decodeRegistration(node.payload(), node.path());
        assertThat(decoded).isEqualTo(payloads.registration(target, AT));
    }

    @Test
    void an_ipv6_instance_is_registered_under_its_bracketed_spelling() throws ConfigException {
        HealthAgentConfig config = config("""
                instance: "[fd00::12]:3306"
                zookeeper: {allowUnauthenticated: true, connectString: "127.0.0.1:2181"}
                mysql: {user: health}
                """);
        Target target = new Target.Mysql(SchemaName.of("orders"), Role.PRIMARY);
        assertThat(new Payloads(config, "1").path(target))
                .isEqualTo("/mysql-discovery/mysql/orders/primary/[fd00::12]:3306");
    }

    @Test
    void a_proxysql_registration_has_role_proxysql_and_no_schema() throws ConfigException,
            MalformedPayloadException {
        HealthAgentConfig config = config("""
                mode: tcp
                instance: proxy1:6033
                zookeeper: {allowUnauthenticated: true, connectString: "127.0.0.1:2181"}
                """);
        Payloads payloads = new Payloads(config, "1.2.3");
        DesiredNode node = payloads.node(new Target.Proxysql(), AT);
        assertThat(node.path()).isEqualTo("/mysql-discovery/proxysql/proxy1:6033");
        Registration decoded = PayloadCodec.decodeRegistration(node.payload(), node.path());
        assertThat(decoded.role()).isEqualTo(Registration.PROXYSQL_ROLE);
        assertThat(decoded.schema()).isNull();
        assertThat(decoded.port()).isEqualTo(6033);
    }

    @Test
    void the_same_target_and_time_give_the_same_node_so_nothing_is_recreated() throws ConfigException {
        HealthAgentConfig config = config("""
                instance: db1:3306
                zookeeper: {allowUnauthenticated: true, connectString: "127.0.0.1:2181"}
                mysql: {user: health}
                """);
        Payloads payloads = new Payloads(config, "1");
        Target target = new Target.Mysql(SchemaName.of("orders"), Role.PRIMARY);
        assertThat(payloads.node(target, AT)).isEqualTo(payloads.node(target, AT));
        assertThat(payloads.node(target, AT)).isNotEqualTo(payloads.node(target, AT.plusMillis(1)));
    }
}
