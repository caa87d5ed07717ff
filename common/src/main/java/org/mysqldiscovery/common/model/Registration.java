package org.mysqldiscovery.common.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import org.mysqldiscovery.common.config.Range;

/**
 * The payload of {@code mysql/<schema>/<role>/<host>:<port>} (and of {@code proxysql/<host>:<port>}, role
 * {@code proxysql}, schema absent). Readers ignore unknown fields; writers keep these names.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"host", "port", "schema", "role", "datacenter", "weight", "maxConnections", "registeredAt",
        "agentVersion"})
public record Registration(
        String host,
        int port,
        String schema,
        String role,
        String datacenter,
        int weight,
        int maxConnections,
        Instant registeredAt,
        String agentVersion) {

    public static final String PROXYSQL_ROLE = "proxysql";
    public static final int MAX_WEIGHT = 10_000_000;
    public static final int MAX_DATACENTER_LENGTH = 128;

    public Registration {
        Instance checked = new Instance(host, port);
        host = checked.host();
        if (role == null) {
            throw new IllegalArgumentException("registration role is missing");
        }
        if (PROXYSQL_ROLE.equals(role)) {
            if (schema != null) {
                new SchemaName(schema);
            }
        } else {
            Role.fromToken(role);
            new SchemaName(schema);
        }
        if (datacenter != null && datacenter.length() > MAX_DATACENTER_LENGTH) {
            throw new IllegalArgumentException("registration datacenter is longer than " + MAX_DATACENTER_LENGTH
                    + " characters");
        }
        Range.checkValue("registration weight", weight, 0, MAX_WEIGHT);
        Range.checkValue("registration maxConnections", maxConnections, 0, 1_000_000);
        if (registeredAt == null) {
            throw new IllegalArgumentException("registration registeredAt is missing");
        }
        if (agentVersion != null && agentVersion.length() > 64) {
            throw new IllegalArgumentException("registration agentVersion is longer than 64 characters");
        }
    }

    public static Registration ofMysql(Instance instance, SchemaName schema, Role role, String datacenter, int weight,
            int maxConnections, Instant registeredAt, String agentVersion) {
        return new Registration(instance.host(), instance.port(), schema.value(), role.token(), datacenter, weight,
                maxConnections, registeredAt, agentVersion);
    }

    public Instance instance() {
        return new Instance(host, port);
    }
}
