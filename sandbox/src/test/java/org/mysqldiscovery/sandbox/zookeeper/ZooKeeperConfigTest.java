package org.mysqldiscovery.sandbox.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZooKeeperConfigTest {

    private static final ZooKeeperConfig.Peer P1 = new ZooKeeperConfig.Peer(2181, 2888, 3888);
    private static final ZooKeeperConfig.Peer P2 = new ZooKeeperConfig.Peer(2182, 2889, 3889);
    private static final ZooKeeperConfig.Peer P3 = new ZooKeeperConfig.Peer(2183, 2890, 3890);

    @Test
    void a_single_server_is_standalone_on_loopback_without_admin_server() {
        String cfg = new ZooKeeperConfig(1, List.of(P1), Path.of("/tmp/zk/data"), 200).render();
        assertThat(cfg).contains("tickTime=200\n", "clientPort=2181\n", "clientPortAddress=127.0.0.1\n",
                "minSessionTimeout=400\n", "admin.enableServer=false\n", "4lw.commands.whitelist=*\n", "dataDir=/tmp/zk/data\n");
        assertThat(cfg).doesNotContain("server.");
    }

    @Test
    void an_ensemble_member_lists_every_peer_and_its_own_client_port() {
        String cfg = new ZooKeeperConfig(2, List.of(P1, P2, P3), Path.of("/tmp/zk2/data"), 200).render();
        assertThat(cfg).contains("clientPort=2182\n", "server.1=127.0.0.1:2888:3888\n", "server.2=127.0.0.1:2889:3889\n",
                "server.3=127.0.0.1:2890:3890\n", "reconfigEnabled=false\n");
    }

    @ParameterizedTest(name = "tick {0} ms -> initLimit {1}, syncLimit {2}")
    @CsvSource({"200, 50, 10", "2000, 10, 5", "10, 1000, 200", "10000, 10, 5"})
    void limits_in_ticks_keep_a_sane_wall_clock_time(int tick, int initLimit, int syncLimit) {
        String cfg = new ZooKeeperConfig(1, List.of(P1), Path.of("/d"), tick).render();
        assertThat(cfg).contains("initLimit=" + initLimit + "\n", "syncLimit=" + syncLimit + "\n");
    }

    @Test
    void the_session_timeout_cap_never_limits_clients_below_a_minute() {
        assertThat(new ZooKeeperConfig(1, List.of(P1), Path.of("/d"), 200).render()).contains("maxSessionTimeout=60000\n");
        assertThat(new ZooKeeperConfig(1, List.of(P1), Path.of("/d"), 5000).render()).contains("maxSessionTimeout=100000\n");
    }

    @ParameterizedTest
    @CsvSource({"0", "4", "-1"})
    void a_myid_outside_the_peer_list_is_refused(int myid) {
        assertThatThrownBy(() -> new ZooKeeperConfig(myid, List.of(P1, P2, P3), Path.of("/d"), 200))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("myid " + myid);
    }

    @ParameterizedTest
    @CsvSource({"0, 1, 1", "1, 70000, 1", "1, 1, -5"})
    void ports_out_of_range_are_refused(int a, int b, int c) {
        assertThatThrownBy(() -> new ZooKeeperConfig.Peer(a, b, c)).hasMessageContaining("port out of range");
    }

    @Test
    void an_empty_peer_list_is_refused() {
        assertThatThrownBy(() -> new ZooKeeperConfig(1, List.of(), Path.of("/d"), 200)).hasMessageContaining("no zookeeper peers");
    }
}
