package org.mysqldiscovery.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.model.Instance;

class PrecheckFormTest {
    static PrecheckForm parse(String body) throws PrecheckForm.MalformedException {
        return PrecheckForm.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_hook_lines_body_is_read_in_full() throws Exception {
        PrecheckForm form = parse("cluster=orders\nfailed=db1:3306\nreplicas=db2:3306,db3:3306\n");
        assertThat(form.cluster()).isEqualTo("orders");
        assertThat(form.failed()).isEqualTo(Instance.parse("db1:3306"));
        assertThat(form.replicas()).containsExactly(Instance.parse("db2:3306"), Instance.parse("db3:3306"));
    }

    @Test
    void an_empty_replica_list_is_a_precheck_with_no_replica_not_an_input_error() throws Exception {
        assertThat(parse("cluster=orders\nfailed=db1:3306\nreplicas=\n").replicas()).isEmpty();
    }

    @Test
    void a_cluster_alias_with_spaces_and_quotes_is_only_text() throws Exception {
        assertThat(parse("cluster=my cluster 'x' \"y\" $(z)\nfailed=db1:3306\nreplicas=db2:3306\n").cluster())
                .isEqualTo("my cluster 'x' \"y\" $(z)");
        assertThat(parse("cluster=\nfailed=db1:3306\nreplicas=db2:3306").cluster()).isEqualTo("-");
    }

    @Test
    void the_successor_orchestrator_leaves_literal_before_the_promotion_is_read_as_not_known() throws Exception {
        String body = "cluster=orders\nfailed=db1:3306\nreplicas=db2:3306\n";
        assertThat(parse(body + "successor={successorHost}:{successorPort}\n").successor()).isEmpty();
        assertThat(parse(body + "successor=:\n").successor()).isEmpty();
        assertThat(parse(body + "successor=\n").successor()).isEmpty();
        assertThat(parse(body).successor()).as("a hook line from before issue 18").isEmpty();
        assertThat(parse(body + "successor=db2:3306\n").successor()).contains(Instance.parse("db2:3306"));
    }

    static Stream<Arguments> garbage() {
        return Stream.of(
                Arguments.of("empty body", "", "cluster= is missing"),
                Arguments.of("not key=value", "hello\n", "not key=value"),
                Arguments.of("unknown key", "cluster=a\nfailed=db1:1\nreplicas=\nx=1\n", "unknown key"),
                Arguments.of("a value whose line break forges a key", "cluster=a\nreplicas=db9:1\nfailed=db1:1\n"
                        + "replicas=db2:1\n", "replicas given twice"),
                Arguments.of("failed missing", "cluster=a\nreplicas=db2:1\n", "failed= is missing"),
                Arguments.of("failed not host:port", "cluster=a\nfailed=$(id)\nreplicas=\n", "failed:"),
                Arguments.of("a replica not host:port", "cluster=a\nfailed=db1:1\nreplicas=db2:1,x y\n",
                        "replicas:"),
                Arguments.of("a control character", "cluster=a\u0007\nfailed=db1:1\nreplicas=\n",
                        "control character"),
                Arguments.of("an oversized alias", "cluster=" + "a".repeat(300) + "\nfailed=db1:1\nreplicas=\n",
                        "longer than 256"),
                Arguments.of("a successor not host:port", "cluster=a\nfailed=db1:1\nreplicas=\nsuccessor=$(id):1\n",
                        "successor:"),
                Arguments.of("a successor given twice", "cluster=a\nfailed=db1:1\nreplicas=\nsuccessor=db2:1\n"
                        + "successor=db3:1\n", "successor given twice"),
                Arguments.of("an oversized successor", "cluster=a\nfailed=db1:1\nreplicas=\nsuccessor="
                        + "a".repeat(10_000) + ":1\n", "successor:"),
                Arguments.of("not UTF-8", "cluster=\u00ff", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void a_malformed_body_is_refused_saying_what(String name, String body, String message) {
        byte[] bytes = name.equals("not UTF-8") ? new byte[] {'c', '=', (byte) 0xff}
                : body.getBytes(StandardCharsets.UTF_8);
        var thrown = assertThatThrownBy(() -> PrecheckForm.parse(bytes))
                .isInstanceOf(PrecheckForm.MalformedException.class);
        if (message != null) {
            thrown.hasMessageContaining(message);
        }
    }
}
