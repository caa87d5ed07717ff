package org.mysqldiscovery.sync.proxysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterCheckTest {

    record Case(String name, List<String> peers, Optional<String> diffs, boolean refused, String mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<String> two = List.of("'proxy1':6032", "'proxy2':6032");
        return Stream.of(
                new Case("no peers: no Cluster", List.of(), Optional.of("3"), false, null),
                new Case("no peers and no variable", List.of(), Optional.empty(), false, null),
                new Case("peers with mysql_servers sync (ProxySQL's default 3) are refused", two, Optional.of("3"),
                        true, "=3"),
                new Case("peers with sync after 1 diff are refused", two, Optional.of(" 1 "), true, "=1"),
                new Case("peers with mysql_servers sync off coexist", two, Optional.of("0"), false, null),
                new Case("peers and a variable the admin lacks: assumed syncing", two, Optional.empty(), true,
                        "=unknown"),
                new Case("peers and a garbage value: assumed syncing", two, Optional.of("three"), true,
                        "not a number"),
                new Case("peers and an empty value: assumed syncing", two, Optional.of(""), true, "not a number"),
                new Case("peers and a negative value: assumed syncing", two, Optional.of("-1"), true, "not a number"),
                new Case("a huge list of peers is named by a sample", IntStream.range(0, 500)
                        .mapToObj(i -> "'p" + i + "':6032").toList(), Optional.of("3"), true, "500 peer(s)")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void a_cluster_syncing_mysql_servers_is_a_second_writer(Case c) {
        Optional<String> conflict = ClusterCheck.conflict(c.peers(), c.diffs());
        assertThat(conflict.isPresent()).isEqualTo(c.refused());
        conflict.ifPresent(message -> {
            assertThat(message).contains(c.mentions(), ClusterCheck.DIFFS_VARIABLE, "to 0");
            assertThat(message.length()).isLessThan(1_000);
        });
    }
}
