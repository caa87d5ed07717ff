package org.mysqldiscovery.sandbox.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SuiteSettingsTest {
    private static final Optional<URI> REAL_ADMIN = Optional.of(URI.create("mysql://admin:pw@127.0.0.1:6032"));

    @Test
    void the_defaults_use_the_stand_in_and_route_the_writer_by_runtime_rows() {
        SuiteSettings defaults = SuiteSettings.defaults();
        assertThat(defaults.proxysqlAdmin()).isEmpty();
        assertThat(defaults.proxysqlMysql()).isEmpty();
    }

    @Test
    void a_real_proxysql_mysql_interface_goes_with_its_admin() {
        SuiteSettings settings = SuiteSettings.defaults().withProxysqlAdmin(REAL_ADMIN)
                .withProxysqlMysql(Optional.of(URI.create("mysql://127.0.0.1:6033")));
        assertThat(settings.proxysqlMysql()).contains(URI.create("mysql://127.0.0.1:6033"));
        assertThat(settings.withZookeeperNodes(3).proxysqlMysql()).isEqualTo(settings.proxysqlMysql());
    }

    @Test
    void a_mysql_interface_without_a_real_admin_is_refused() {
        assertThatThrownBy(() -> SuiteSettings.defaults()
                .withProxysqlMysql(Optional.of(URI.create("mysql://127.0.0.1:6033"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs its admin too");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:6033", "mysql://127.0.0.1", "mysql:///x", "mysql://127.0.0.1:0"})
    void a_malformed_mysql_interface_url_is_refused_with_the_expected_shape(String url) {
        assertThatThrownBy(() -> SuiteSettings.defaults().withProxysqlAdmin(REAL_ADMIN)
                .withProxysqlMysql(Optional.of(URI.create(url))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mysql://HOST:PORT");
    }

    @Test
    void servers_past_the_datacenter_list_are_in_its_last_datacenter_and_the_setting_survives_other_changes() {
        SuiteSettings settings = SuiteSettings.defaults().withDatacenters(
                new SuiteSettings.Datacenters(java.util.List.of("east", "west"), "east", "exclude"));
        assertThat(settings.datacenters().of(0)).isEqualTo("east");
        assertThat(settings.datacenters().of(5)).isEqualTo("west");
        assertThat(settings.withZookeeperNodes(3).withKeepDir(true).datacenters()).isEqualTo(settings.datacenters());
        assertThat(SuiteSettings.defaults().datacenters()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "east\nwest", "x\"y"})
    void a_datacenter_that_is_not_a_plain_name_or_an_unknown_remote_mode_is_refused(String name) {
        assertThatThrownBy(() -> new SuiteSettings.Datacenters(java.util.List.of(name), "east", "weight"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SuiteSettings.Datacenters(java.util.List.of("east"), name, "weight"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SuiteSettings.Datacenters(java.util.List.of("east"), "east", "hostgroup" + name))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
