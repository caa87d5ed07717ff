package org.mysqldiscovery.sandbox.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.mysqldiscovery.sandbox.SandboxProgram;
import org.mysqldiscovery.sandbox.suite.Suite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what a running suite's programs really export, for the checks that need the real thing (promtool, the alert
 * rules' and the dashboard's metric names, strict JSON logs): each program's {@code /metrics} as
 * {@code <dir>/<program id>.prom} and its log as {@code <dir>/<program id>.log}.
 */
final class Evidence {
    private static final Logger LOG = LoggerFactory.getLogger(Evidence.class);

    private Evidence() {
    }

    static void capture(Suite suite, Path dir) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            LOG.error("cannot create the evidence directory {}: {}", dir, e.toString());
            return;
        }
        for (SandboxProgram program : suite.sandbox().programs().programs()) {
            String id = program.spec().id();
            try {
                Files.copy(program.logFile(), dir.resolve(id + ".log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                String url = program.endpoint().httpUrl();
                if (url == null || !program.isAlive()) {
                    continue;
                }
                HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics"))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (scrape.statusCode() == 200) {
                    Files.writeString(dir.resolve(id + ".prom"), scrape.body());
                } else {
                    LOG.warn("{}: /metrics answered {}", id, scrape.statusCode());
                }
            } catch (IOException e) {
                LOG.warn("{}: cannot keep its metrics or log: {}", id, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
