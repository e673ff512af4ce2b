package io.gatescope.web.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatescope.analyzer.job.StreamingConfig;
import io.gatescope.ingest.kafka.EmbeddedKafkaBroker;
import io.gatescope.ingest.read.LogFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --flink}: the same job jar submitted to a standalone Flink session cluster running
 * in its own JVMs, fed through a real broker, with the incidents arriving over HTTP.
 */
class FlinkClusterIT {

    @TempDir Path tmp;

    @Test
    void theJobJarRunsOnAStandaloneClusterAndIncidentsArrive() throws Exception {
        Path jobJar;
        try (Stream<Path> s = Files.list(Path.of("..", "analyzer", "target"))) {
            jobJar =
                    s.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "no job jar in analyzer/target: mvn -pl"
                                                            + " analyzer package"));
        }
        // The jar must hold the analyzer as built now: under -pl web an old jar would test old
        // code and pass or fail for the wrong reason.
        long newestClass;
        try (Stream<Path> s = Files.walk(Path.of("..", "analyzer", "target", "classes"))) {
            newestClass =
                    s.filter(p -> p.toString().endsWith(".class"))
                            .mapToLong(p -> p.toFile().lastModified())
                            .max()
                            .orElse(0);
        }
        assertThat(jobJar.toFile().lastModified())
                .as("%s is older than the analyzer's classes: mvn -pl analyzer package", jobJar)
                .isGreaterThanOrEqualTo(newestClass);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"), 0);
                StandaloneFlinkCluster cluster =
                        StandaloneFlinkCluster.start(
                                tmp.resolve("flink"), Path.of("target", "lib"))) {
            StreamingConfig sc = StreamingConfig.defaults(broker.bootstrap());
            ServiceConfig config =
                    new ServiceConfig(
                            "127.0.0.1",
                            0,
                            tmp.resolve("data"),
                            sc,
                            "localhost:" + cluster.restPort,
                            "tok",
                            null,
                            "http://localhost",
                            null,
                            null);
            try (GatescopeService service = GatescopeService.start(config, jobJar)) {
                assertThat(service.analyzerWhere())
                        .contains("Flink cluster at localhost:" + cluster.restPort);
                SampleReplay.replay(
                        LogFiles.expand(List.of(Path.of("..", "sample-logs", "nginx-tls-expired"))),
                        broker.bootstrap(),
                        sc.topic(),
                        2026);
                JsonNode list =
                        StreamingServiceIT.awaitJson(
                                service,
                                "/api/incidents",
                                j ->
                                        j.path("total").asInt() >= 1
                                                && "TLS_FAILURE"
                                                        .equals(StreamingServiceIT.topCause(j)));
                assertThat(list.path("incidents").path(0).path("service").asText())
                        .isEqualTo("payments.example.com");
                JsonNode health = StreamingServiceIT.get(service, "/api/health");
                assertThat(health.path("analyzer").asText()).isEqualTo("RUNNING");
            }
        }
    }
}
