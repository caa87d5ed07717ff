package org.mysqldiscovery.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PlanDigestTest {
    private static final ServerRow ROW = new ServerRow(10, "db-1", 3306, 0, ServerRow.ONLINE, 1000, 0, 100, 0, 0, 0,
            "mysql-discovery:orders/replica");

    private static ServerRow with(UnaryOperator<Object[]> change) {
        Object[] f = {ROW.hostgroupId(), ROW.hostname(), ROW.port(), ROW.gtidPort(), ROW.status(), ROW.weight(),
            ROW.compression(), ROW.maxConnections(), ROW.maxReplicationLag(), ROW.useSsl(), ROW.maxLatencyMs(),
            ROW.comment()};
        f = change.apply(f);
        return new ServerRow((int) f[0], (String) f[1], (int) f[2], (int) f[3], (String) f[4], (int) f[5], (int) f[6],
                (int) f[7], (int) f[8], (int) f[9], (int) f[10], (String) f[11]);
    }

    @Test
    void every_column_changes_the_digest() {
        List<ServerRow> variants = List.of(ROW,
                with(f -> set(f, 0, 11)), with(f -> set(f, 1, "db-2")), with(f -> set(f, 2, 3307)),
                with(f -> set(f, 3, 1)), with(f -> set(f, 4, ServerRow.OFFLINE_SOFT)), with(f -> set(f, 5, 999)),
                with(f -> set(f, 6, 1)), with(f -> set(f, 7, 99)), with(f -> set(f, 8, 1)), with(f -> set(f, 9, 1)),
                with(f -> set(f, 10, 1)), with(f -> set(f, 11, "mysql-discovery:orders/primary")));
        Set<String> digests = new HashSet<>();
        for (ServerRow row : variants) {
            digests.add(PlanDigest.of(List.of(row)));
        }
        assertThat(digests).hasSize(variants.size());
    }

    @Test
    void the_digest_is_sixteen_hex_digits_and_the_same_in_every_jvm() {
        // Pinned: the digest is shown in logs and status nodes of syncs of different versions side by side.
        assertThat(PlanDigest.of(List.of())).matches("[0-9a-f]{16}").isEqualTo(PlanDigest.of(List.of()));
        assertThat(PlanDigest.of(List.of(ROW))).isEqualTo(PINNED);
    }

    @Test
    void order_and_count_matter() {
        ServerRow other = with(f -> set(f, 1, "db-2"));
        assertThat(PlanDigest.of(List.of(ROW, other))).isNotEqualTo(PlanDigest.of(List.of(other, ROW)));
        assertThat(PlanDigest.of(List.of(ROW, ROW))).isNotEqualTo(PlanDigest.of(List.of(ROW)));
        assertThat(PlanDigest.of(List.of())).isNotEqualTo(PlanDigest.of(List.of(ROW)));
    }

    @Test
    void a_plan_digest_folds_the_digests_of_its_hostgroups_so_an_unchanged_hostgroup_keeps_its_own() {
        ServerRow second = with(f -> set(f, 1, "db-2"));
        ServerRow elsewhere = with(f -> set(f, 0, 11));
        long[] runs = {PlanDigest.ofHostgroup(List.of(ROW, second)), PlanDigest.ofHostgroup(List.of(elsewhere))};
        assertThat(PlanDigest.fold(3, runs, 2)).isEqualTo(PlanDigest.of(List.of(ROW, second, elsewhere)));
        assertThat(PlanDigest.of(List.of(ROW, second, elsewhere)))
                .as("moving a row to another hostgroup changes the digest")
                .isNotEqualTo(PlanDigest.of(List.of(ROW, with(f -> set(set(f, 0, 11), 1, "db-2")), elsewhere)));
    }

    private static Object[] set(Object[] fields, int index, Object value) {
        fields[index] = value;
        return fields;
    }

    private static final String PINNED = "3fd35cfb2b88e9ab";
}
