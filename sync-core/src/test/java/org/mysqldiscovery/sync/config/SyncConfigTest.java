package org.mysqldiscovery.sync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.model.SyncMode;

class SyncConfigTest {
    @TempDir
    Path dir;
    Path secret;

    @BeforeEach
    void secret() throws Exception {
        secret = dir.resolve("admin-password");
        Files.writeString(secret, "admin\n");
    }

    String minimal(String extra) {
        return """
                zookeeper:
                  allowUnauthenticated: true
                  connectString: 127.0.0.1:2181
                proxysql:
                  host: 127.0.0.1
                  user: admin
                  passwordFile: %s
                hostgroups:
                  orders: {primary: 10, replica: 11, reporting-replica: 12}
                  users: {primary: 20}
                %s""".formatted(secret, extra);
    }

    SyncConfig load(String yaml) throws Exception {
        Path file = dir.resolve("sync.yaml");
        Files.writeString(file, yaml);
        return SyncConfig.load(file);
    }

    @Test
    void a_minimal_config_gets_the_documented_defaults() throws Exception {
        SyncConfig config = load(minimal(""));
        assertThat(config.http().port()).isEqualTo(9799);
        assertThat(config.proxysql().port()).isEqualTo(6032);
        assertThat(config.proxysql().passwordFile().value()).isEqualTo("admin");
        assertThat(config.debounceMillis()).isEqualTo(20);
        assertThat(config.fullPassIntervalMillis()).isEqualTo(300_000);
        assertThat(config.mode()).isEqualTo(SyncMode.APPLY);
        assertThat(config.guards().doublePrimaryGraceMillis()).isEqualTo(5_000);
        assertThat(config.guards().massRemovalFraction()).isEqualTo(0.5);
        assertThat(config.guards().noPrimaryPageAfterMillis()).isEqualTo(10_000);
        assertThat(config.hostgroupMap().managedHostgroups()).containsExactly(10, 11, 12, 20);
        assertThat(config.hostgroupMap().slot(12)).hasValueSatisfying(
                s -> assertThat(s.role()).isEqualTo(Role.REPORTING_REPLICA));
        assertThat(config.defaults().toRoleDefaults().of(Role.PRIMARY).weight()).isEqualTo(1000);
        assertThat(config.planner().map().schema(SchemaName.of("users"))).isPresent();
        assertThat(config.proxysql().drainInFlightMaxMillis()).isEqualTo(300);
    }

    @ParameterizedTest(name = "drainInFlightMaxMillis: {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"-1", "10001", "ten", "[]", "''"})
    void a_drain_bound_out_of_range_or_not_a_number_is_refused_naming_the_field(String value) {
        assertThatThrownBy(() -> load(minimal("").replace("  user: admin\n",
                "  user: admin\n  drainInFlightMaxMillis: " + value + "\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("drainInFlightMaxMillis");
    }

    @Test
    void a_drain_bound_of_zero_is_the_explicit_opt_out() throws Exception {
        assertThat(load(minimal("").replace("  user: admin\n", "  user: admin\n  drainInFlightMaxMillis: 0\n"))
                .proxysql().drainInFlightMaxMillis()).isZero();
    }

    @Test
    void the_settle_window_defaults_to_twice_the_session_timeout_and_can_be_set_or_turned_off() throws Exception {
        assertThat(load(minimal("")).settleMillis()).isEqualTo(12_000);
        assertThat(load(minimal("").replace("connectString: 127.0.0.1:2181",
                "connectString: 127.0.0.1:2181\n  sessionTimeoutMillis: 3000")).settleMillis()).isEqualTo(6_000);
        assertThat(load(minimal("guards: {settleAfterReconnectMillis: 2500}\n")).settleMillis()).isEqualTo(2_500);
        assertThat(load(minimal("guards: {settleAfterReconnectMillis: 0}\n")).settleMillis()).isZero();
    }

    @Test
    void the_shipped_example_passes_from_the_repository_root() throws Exception {
        // The example is the daemon's (proxysql-sync/config/); the test runs from sync-core/ or the repository root.
        Path root = Path.of("").toAbsolutePath();
        Path repoRoot = Files.exists(root.resolve("proxysql-sync/config/example.yaml")) ? root : root.getParent();
        // The example names its secret relative to the repository root, as --check-config is run from there.
        String yaml = Files.readString(repoRoot.resolve("proxysql-sync/config/example.yaml"))
                .replace("proxysql-sync/config/", repoRoot.resolve("proxysql-sync/config/") + "/");
        SyncConfig config = load(yaml);
        assertThat(config.mode()).isEqualTo(SyncMode.APPLY);
        assertThat(config.hostgroups()).isNotEmpty();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("unknown top-level key", "debounceMilis: 5\n", "debounceMilis: unknown key"),
                Arguments.of("mass removal fraction above 1", "guards: {massRemovalFraction: 1.5}\n",
                        "massRemovalFraction"),
                Arguments.of("mass removal fraction zero", "guards: {massRemovalFraction: 0}\n",
                        "massRemovalFraction"),
                Arguments.of("negative grace", "guards: {doublePrimaryGraceMillis: -5}\n",
                        "doublePrimaryGraceMillis"),
                Arguments.of("unknown mode", "mode: yolo\n", "mode"),
                Arguments.of("negative settle window", "guards: {settleAfterReconnectMillis: -1}\n",
                        "settleAfterReconnectMillis"),
                Arguments.of("settle window past a day", "guards: {settleAfterReconnectMillis: 86400001}\n",
                        "settleAfterReconnectMillis"),
                Arguments.of("settle window as text", "guards: {settleAfterReconnectMillis: soon}\n",
                        "settleAfterReconnectMillis"),
                Arguments.of("debounce max below debounce", "debounceMillis: 50\ndebounceMaxMillis: 10\n",
                        "debounceMaxMillis"),
                Arguments.of("full pass too often", "fullPassIntervalMillis: 5\n", "fullPassIntervalMillis"),
                Arguments.of("zero default weight", "defaults: {replica: {weight: 0}}\n", "weight"),
                Arguments.of("unknown defaults role", "defaults: {master: {weight: 1}}\n", "master"),
                Arguments.of("unknown remote mode", "defaults: {replica: {remote: {mode: nearest}}}\n",
                        "is not one of weight, exclude"),
                Arguments.of("empty remote mode", "defaults: {replica: {remote: {mode: ''}}}\n", "mode"),
                Arguments.of("zero remote weight", "defaults: {replica: {remote: {weight: 0}}}\n", "weight"),
                Arguments.of("huge remote weight", "defaults: {replica: {remote: {weight: 10000001}}}\n",
                        "weight"),
                Arguments.of("weight with exclude", "defaults: {replica: {remote: {mode: exclude, weight: 3}}}\n",
                        "not used with mode exclude"),
                Arguments.of("remote for the primary", "defaults: {primary: {remote: {mode: exclude}}}\n",
                        "primary.remote: is not allowed"),
                Arguments.of("unknown remote key", "defaults: {replica: {remote: {hostgroup: 30}}}\n",
                        "hostgroup"),
                Arguments.of("remote not a map", "defaults: {replica: {remote: [1]}}\n", "remote"));
    }

    @ParameterizedTest(name = "proxysql.datacenter: {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"''", "'  '", "\"east\\t\"", "\"east\\u0000\"", "[]", "{a: 1}"})
    void a_datacenter_that_is_empty_blank_has_control_characters_or_is_not_a_string_is_refused_naming_the_field(String value) {
        assertThatThrownBy(() -> load(minimal("").replace("  user: admin\n",
                "  user: admin\n  datacenter: " + value + "\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("datacenter");
    }

    @Test
    void an_oversized_datacenter_is_refused() {
        assertThatThrownBy(() -> load(minimal("").replace("  user: admin\n",
                "  user: admin\n  datacenter: " + "d".repeat(129) + "\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("datacenter");
    }

    @Test
    void without_a_datacenter_the_planner_ignores_datacenters() throws Exception {
        SyncConfig config = load(minimal(""));
        assertThat(config.proxysql().datacenter()).isNull();
        assertThat(config.planner().datacenter()).isNull();
        assertThat(config.defaults().toRoleDefaults().of(Role.REPLICA).remote())
                .isEqualTo(org.mysqldiscovery.sync.plan.RemoteReads.DEFAULT);
    }

    @Test
    void a_datacenter_and_remote_reads_reach_the_planner() throws Exception {
        SyncConfig config = load(minimal("defaults:\n  replica: {remote: {mode: exclude}}\n"
                + "  reporting-replica: {remote: {weight: 7}}\n")
                .replace("  user: admin\n", "  user: admin\n  datacenter: us east 1\n"));
        assertThat(config.planner().datacenter()).isEqualTo("us east 1");
        var defaults = config.defaults().toRoleDefaults();
        assertThat(defaults.of(Role.REPLICA).remote()).isEqualTo(new org.mysqldiscovery.sync.plan.RemoteReads(
                org.mysqldiscovery.sync.plan.RemoteReads.Mode.EXCLUDE, 1));
        assertThat(defaults.of(Role.REPORTING_REPLICA).remote()).isEqualTo(new org.mysqldiscovery.sync.plan.RemoteReads(
                org.mysqldiscovery.sync.plan.RemoteReads.Mode.WEIGHT, 7));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalid_configs_name_the_field_and_the_reason(String name, String extra, String message) {
        assertThatThrownBy(() -> load(minimal(extra))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sync.yaml").hasMessageContaining(message);
    }

    static Stream<Arguments> invalidHostgroups() {
        return Stream.of(
                Arguments.of("unknown hostgroup role", "master", "billing: {master: 3}"),
                Arguments.of("hostgroup used twice", "hostgroup 10 is already used", "users: {primary: 10}"),
                Arguments.of("bad schema name", "hostgroups.Orders", "Orders: {primary: 30}"),
                Arguments.of("negative hostgroup", "negative", "users: {primary: -1}"),
                Arguments.of("schema without roles", "at least one of", "users: {}"),
                Arguments.of("empty schema entry", "hostgroups.users", "users:"),
                Arguments.of("string hostgroup", "users", "users: {primary: ten}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidHostgroups")
    void invalid_hostgroup_entries_name_the_schema(String name, String message, String entry) {
        String yaml = minimal("").replace("  users: {primary: 20}", "  " + entry);
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    /** orders with replica-remote 13 and reporting-replica-remote 14, both roles in hostgroup mode, in east. */
    String remoteHostgroups(String orders, String defaults) {
        return minimal(defaults).replace("  orders: {primary: 10, replica: 11, reporting-replica: 12}",
                "  orders: " + orders).replace("  user: admin\n", "  user: admin\n  datacenter: east\n");
    }

    static final String BOTH_HOSTGROUP = "defaults:\n  replica: {remote: {mode: hostgroup}}\n"
            + "  reporting-replica: {remote: {mode: hostgroup}}\n";

    @Test
    void remote_hostgroups_are_owned_and_reach_the_planner() throws Exception {
        SyncConfig config = load(remoteHostgroups("{primary: 10, replica: 11, reporting-replica: 12, "
                + "replica-remote: 13, reporting-replica-remote: 14}", BOTH_HOSTGROUP));
        assertThat(config.hostgroupMap().managedHostgroups()).containsExactly(10, 11, 12, 13, 14, 20);
        assertThat(config.hostgroupMap().slot(14)).hasValueSatisfying(s -> {
            assertThat(s.role()).isEqualTo(Role.REPORTING_REPLICA);
            assertThat(s.remote()).isTrue();
        });
        assertThat(config.defaults().toRoleDefaults().of(Role.REPLICA).remote().mode())
                .isEqualTo(org.mysqldiscovery.sync.plan.RemoteReads.Mode.HOSTGROUP);
        assertThat(config.planner().datacenter()).isEqualTo("east");
    }

    static Stream<Arguments> invalidRemoteHostgroups() {
        String all = "{primary: 10, replica: 11, reporting-replica: 12, replica-remote: 13, reporting-replica-remote: 14}";
        return Stream.of(
                Arguments.of("hostgroup mode without a remote hostgroup",
                        "{primary: 10, replica: 11, reporting-replica: 12, replica-remote: 13}", BOTH_HOSTGROUP,
                        "hostgroups.orders.reporting-replica-remote: is required"),
                Arguments.of("a remote hostgroup without hostgroup mode", all,
                        "defaults:\n  reporting-replica: {remote: {mode: hostgroup}}\n",
                        "hostgroups.orders.replica-remote: is only used with defaults.replica.remote.mode hostgroup"),
                Arguments.of("a remote hostgroup with the default mode", "{primary: 10, replica: 11, replica-remote: 13}",
                        "", "hostgroups.orders.replica-remote: is only used with"),
                Arguments.of("remote hostgroup equal to the role's",
                        "{primary: 10, replica: 11, reporting-replica: 12, replica-remote: 11, reporting-replica-remote: 14}",
                        BOTH_HOSTGROUP, "hostgroups.orders.replica-remote: hostgroup 11 is already used by orders.replica"),
                Arguments.of("remote hostgroup equal to another schema's writer",
                        "{primary: 10, replica: 11, reporting-replica: 12, replica-remote: 20, reporting-replica-remote: 14}",
                        BOTH_HOSTGROUP, "hostgroup 20 is already used by"),
                Arguments.of("both remote hostgroups equal",
                        "{primary: 10, replica: 11, reporting-replica: 12, replica-remote: 13, reporting-replica-remote: 13}",
                        BOTH_HOSTGROUP, "hostgroup 13 is already used by orders.replica-remote"),
                Arguments.of("negative remote hostgroup",
                        "{primary: 10, replica: 11, reporting-replica: 12, replica-remote: -13, reporting-replica-remote: 14}",
                        BOTH_HOSTGROUP, "hostgroups.orders.replica-remote: hostgroup -13 is negative"),
                Arguments.of("remote hostgroup past INT", all.replace("13", "2147483648"), BOTH_HOSTGROUP,
                        "out of range of int (-2147483648 - 2147483647) (line 10)"),
                Arguments.of("remote hostgroup as text", all.replace("13", "'far'"), BOTH_HOSTGROUP,
                        "replica-remote"),
                Arguments.of("remote hostgroup as a list", all.replace("13", "[13]"), BOTH_HOSTGROUP,
                        "replica-remote"),
                Arguments.of("remote hostgroup without its role", "{primary: 10, reporting-replica: 12, "
                        + "replica-remote: 13, reporting-replica-remote: 14}", BOTH_HOSTGROUP,
                        "hostgroups.orders.replica-remote: needs replica"),
                Arguments.of("remote hostgroup for the primary", all.replace("replica-remote: 13", "primary-remote: 13"),
                        BOTH_HOSTGROUP, "primary-remote"),
                Arguments.of("weight with hostgroup mode", all,
                        "defaults:\n  replica: {remote: {mode: hostgroup, weight: 3}}\n"
                                + "  reporting-replica: {remote: {mode: hostgroup}}\n",
                        "not used with mode hostgroup"),
                Arguments.of("hostgroup mode spelled otherwise", all,
                        "defaults:\n  replica: {remote: {mode: Hostgroup}}\n", "is not one of weight, exclude, hostgroup"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRemoteHostgroups")
    void invalid_remote_hostgroups_say_what_and_where(String name, String orders, String defaults, String message) {
        assertThatThrownBy(() -> load(remoteHostgroups(orders, defaults))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sync.yaml").hasMessageContaining(message);
    }

    @Test
    void hostgroup_mode_needs_the_sync_to_know_its_datacenter() {
        String yaml = remoteHostgroups("{primary: 10, replica: 11, reporting-replica: 12, replica-remote: 13, "
                + "reporting-replica-remote: 14}", BOTH_HOSTGROUP).replace("  datacenter: east\n", "");
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("defaults.replica.remote.mode: hostgroup needs proxysql.datacenter");
    }

    @Test
    void an_oversized_config_is_refused_without_parsing_it() {
        assertThatThrownBy(() -> load(minimal("# " + "x".repeat(2 * 1024 * 1024) + "\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("larger than");
    }

    @Test
    void missing_sections_and_secrets_are_reported() {
        assertThatThrownBy(() -> load("zookeeper: {allowUnauthenticated: true, connectString: a:1}\n")).hasMessageContaining("proxysql");
        assertThatThrownBy(() -> load(minimal("").replace(secret.toString(), dir.resolve("nope").toString())))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> load(minimal("").replace("hostgroups:\n  orders: {primary: 10, replica: 11, "
                + "reporting-replica: 12}\n  users: {primary: 20}\n", "")))
                .hasMessageContaining("hostgroups");
        assertThatThrownBy(() -> load("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> load("- a\n- b\n")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> load(minimal("").replace("host: 127.0.0.1", "host: 'bad host'")))
                .hasMessageContaining("proxysql.host");
    }
}
