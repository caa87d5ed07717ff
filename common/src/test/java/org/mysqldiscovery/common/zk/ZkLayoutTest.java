package org.mysqldiscovery.common.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

class ZkLayoutTest {
    private final ZkLayout layout = ZkLayout.defaultLayout();

    @Test
    void paths_follow_the_design() {
        Instance db = Instance.parse("db1:3306");
        assertThat(layout.registrationPath(SchemaName.of("orders"), Role.REPORTING_REPLICA, db))
                .isEqualTo("/mysql-discovery/mysql/orders/reporting-replica/db1:3306");
        assertThat(layout.proxysqlPath(Instance.parse("proxy1:6033"))).isEqualTo("/mysql-discovery/proxysql/proxy1:6033");
        assertThat(layout.quarantinePath(Instance.parse("[::1]:3306"))).isEqualTo("/mysql-discovery/quarantine/[::1]:3306");
        assertThat(layout.syncPath(Instance.parse("proxy1:6032"))).isEqualTo("/mysql-discovery/sync/proxy1:6032");
    }

    @Test
    void registration_paths_parse_back() {
        String path = "/mysql-discovery/mysql/orders/primary/db1:3306";
        ZkLayout.RegistrationPath parsed = layout.parseRegistrationPath(path).orElseThrow();
        assertThat(parsed.schema()).isEqualTo(SchemaName.of("orders"));
        assertThat(parsed.role()).isEqualTo(Role.PRIMARY);
        assertThat(parsed.instance()).isEqualTo(Instance.parse("db1:3306"));
        assertThat(layout.parseRegistrationPath("/mysql-discovery/mysql/orders/primary")).isEmpty();
        assertThat(layout.parseRegistrationPath("/other/mysql/orders/primary/db1:3306")).isEmpty();
    }

    @Test
    void a_stray_node_with_a_bad_name_is_reported_with_its_path() {
        assertThatThrownBy(() -> layout.parseRegistrationPath("/mysql-discovery/mysql/orders/master/db1:3306"))
                .hasMessageContaining("/mysql-discovery/mysql/orders/master/db1:3306").hasMessageContaining("role");
        assertThatThrownBy(() -> layout.parseChildInstance(layout.quarantineRoot(), "/mysql-discovery/quarantine/db1"))
                .hasMessageContaining("no port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "relative", "/", "/a/", "//a", "/a/../b", "/zookeeper"})
    void invalid_roots_are_rejected(String root) {
        assertThatThrownBy(() -> new ZkLayout(root)).isInstanceOf(IllegalArgumentException.class);
    }
}
