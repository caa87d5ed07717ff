package org.mysqldiscovery.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointsTest {

    @TempDir
    Path tmp;

    private static Endpoints sample() {
        return new Endpoints("127.0.0.1:2181,127.0.0.1:2182", "/mysql-discovery",
                List.of(new Endpoints.Mysql("orders", "primary", "127.0.0.1:3306"), new Endpoints.Mysql("orders", "replica", "127.0.0.1:3307")),
                List.of(new Endpoints.Agent("health-agent", "127.0.0.1:3306", "http://127.0.0.1:9797", null),
                        new Endpoints.Agent("role-agent", "127.0.0.1:3306", "http://127.0.0.1:9798", "/tmp/s/role-agent.token"),
                        new Endpoints.Agent("serve", null, "http://127.0.0.1:9796", "/tmp/s/role-agent.token",
                                "http://127.0.0.1:9796/status/")));
    }

    @Test
    void the_json_has_exactly_the_documented_shape_and_omits_absent_token_files() throws Exception {
        JsonNode json = new ObjectMapper().readTree(sample().toJson());
        assertThat(json.fieldNames()).toIterable().containsExactly("zookeeper", "zookeeperRoot", "mysql", "agents");
        assertThat(json.get("mysql").get(0).fieldNames()).toIterable().containsExactly("schema", "role", "instance");
        assertThat(json.get("agents").get(0).fieldNames()).toIterable().containsExactly("program", "instance", "httpUrl");
        assertThat(json.get("agents").get(1).fieldNames()).toIterable().containsExactly("program", "instance", "httpUrl", "tokenFile");
        assertThat(json.get("agents").get(2).fieldNames()).toIterable()
                .containsExactly("program", "httpUrl", "tokenFile", "statusPageUrl");
        assertThat(json.get("agents").get(2).get("statusPageUrl").asText()).isEqualTo("http://127.0.0.1:9796/status/");
        assertThat(json.get("zookeeper").asText()).isEqualTo("127.0.0.1:2181,127.0.0.1:2182");
    }

    @Test
    void the_file_is_written_atomically_and_reads_back() throws Exception {
        Path file = tmp.resolve("sub/endpoints.json");
        sample().write(file);
        sample().write(file);
        assertThat(Endpoints.fromJson(Files.readString(file))).isEqualTo(sample());
        assertThat(tmp.resolve("sub")).isDirectoryNotContaining("glob:**.tmp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "{\"zookeeper\": 5, \"mysql\": \"x\"}", "{\"zookeeperRoot\":\"/a\",\"mysql\":[],\"agents\":[]}"})
    void malformed_documents_are_refused(String json) {
        assertThatThrownBy(() -> Endpoints.fromJson(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an endpoints document");
    }
}
