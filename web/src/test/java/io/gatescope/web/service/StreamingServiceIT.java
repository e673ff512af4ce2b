package io.gatescope.web.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatescope.analyzer.job.StreamingConfig;
import io.gatescope.ingest.kafka.EmbeddedKafkaBroker;
import io.gatescope.ingest.read.LogFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka → Flink (MiniCluster) → findings topic → Lucene → HTTP, with a restart in the middle. */
class StreamingServiceIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir static Path tmp;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"), 0);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static ServiceConfig config(Path data) {
        StreamingConfig sc = StreamingConfig.defaults(broker.bootstrap());
        return new ServiceConfig(
                "127.0.0.1", 0, data, sc, null, "tok", null, "http://localhost", null, null);
    }

    static JsonNode get(GatescopeService s, String path) throws Exception {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                                .header("Authorization", "Bearer tok")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** The scenario's nginx logs with every time stamp moved from 09:xx to 10:xx. */
    static List<Path> anHourLater(Path scenario) throws Exception {
        List<Path> out = new ArrayList<>();
        for (Path f : LogFiles.expand(List.of(scenario))) {
            Path moved =
                    tmp.resolve("later").resolve(f.getFileName().toString().replace(".gz", ""));
            Files.createDirectories(moved.getParent());
            try (var in = LogFiles.open(f)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Files.writeString(
                        moved,
                        text.replace("/2026:09:", "/2026:10:")
                                .replace("2026/03/14 09:", "2026/03/14 10:"));
            }
            out.add(moved);
        }
        return out;
    }

    /** The service's own metrics (lines in, parsed, late, rejected), for a failure's message. */
    static String metrics(GatescopeService s) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + s.port() + "/metrics"))
                                .header("Authorization", "Bearer tok")
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body()
                .lines()
                .filter(l -> l.startsWith("gatescope_"))
                .toList()
                .toString();
    }

    /** The {@code gatescope_lines_parsed} gauge of the service's Prometheus metrics. */
    static double linesParsed(GatescopeService s) throws Exception {
        String metrics =
                HTTP.send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + s.port()
                                                                + "/metrics"))
                                        .header("Authorization", "Bearer tok")
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        return metrics.lines()
                .filter(l -> l.startsWith("gatescope_lines_parsed "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
                .findFirst()
                .orElse(Double.NaN);
    }

    /** The top cause of the first incident of an /api/incidents answer. */
    static String topCause(JsonNode list) {
        return list.path("incidents").path(0).path("causes").path(0).path("cause").asText();
    }

    static JsonNode awaitJson(GatescopeService s, String path, Predicate<JsonNode> ok)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(s, path);
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(
                "timed out waiting on " + path + "; last answer: " + last + "; " + metrics(s));
    }

    @Test
    void linesInKafkaBecomeIncidentsOverHttpAndSurviveARestart() throws Exception {
        Path data = tmp.resolve("data");
        List<Path> files =
                LogFiles.expand(List.of(Path.of("..", "sample-logs", "nginx-upstream-down")));
        GatescopeService service = GatescopeService.start(config(data), null);
        long replayed;
        try {
            awaitJson(service, "/api/health", h -> "UP".equals(h.path("status").asText()));
            replayed =
                    SampleReplay.replay(
                            files, broker.bootstrap(), StreamingConfig.DEFAULT_TOPIC, 2026);
            try (KafkaProducer<String, String> p =
                    new KafkaProducer<>(
                            Map.of("bootstrap.servers", broker.bootstrap()),
                            new StringSerializer(),
                            new StringSerializer())) {
                p.send(
                                new ProducerRecord<>(
                                        StreamingConfig.DEFAULT_TOPIC,
                                        "garbage",
                                        "\u0001\u0002 binary garbage, not a log line"))
                        .get();
            }
            JsonNode list =
                    awaitJson(
                            service,
                            "/api/incidents?service=shop.example.com",
                            // An incident shown early is updated under the same id once its
                            // steps are final: wait for the final window.
                            j ->
                                    j.path("total").asInt() == 1
                                            && "UPSTREAM_DOWN".equals(topCause(j))
                                            && j.path("incidents")
                                                    .path(0)
                                                    .path("start")
                                                    .asText()
                                                    .startsWith("2026-03-14T09:10:0"));
            JsonNode incident = list.path("incidents").path(0);
            assertThat(incident.path("start").asText()).startsWith("2026-03-14T09:10:0");
            assertThat(incident.path("targets").toString())
                    .contains("10.0.3.11:8080", "10.0.3.12:8080");
            String id = incident.path("id").asText();
            // Timeline steps become searchable up to a second after they are indexed.
            JsonNode timeline =
                    awaitJson(
                            service,
                            "/api/incidents/" + id + "/timeline",
                            j -> j.path("points").size() > 10);
            assertThat(timeline.path("points").size()).isGreaterThan(10);
            assertThat(rejectedReasons()).contains("unknown-format");
            // Every record, the garbage one included, is counted once as a parsed line.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (linesParsed(service) < replayed + 1 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(linesParsed(service)).isEqualTo(replayed + 1);
        } finally {
            service.close();
        }
        // A clean stop leaves a savepoint (a checkpoint may not have been taken yet), and a plain
        // restart resumes from it: the incident is still there, once, and the job goes on: lines
        // sent after the restart become findings, and the lines parsed before it are not counted
        // again.
        GatescopeService again = GatescopeService.start(config(data), null);
        try {
            assertThat(again.analyzerWhere()).contains("resumed from savepoints/savepoint-");
            JsonNode list = awaitJson(again, "/api/incidents", j -> j.path("total").asInt() >= 1);
            assertThat(list.path("total").asInt()).isEqualTo(1);
            // The restored count is reported once the task manager's metrics come in.
            long restored = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(linesParsed(again) >= replayed + 1) && System.nanoTime() < restored) {
                Thread.sleep(500);
            }
            long before = (long) linesParsed(again);
            // Lines of after the restart: another sample, an hour later than the first one
            // (the same hour would lie past the skew bound, and be late by design).
            long sent =
                    SampleReplay.replay(
                            anHourLater(Path.of("..", "sample-logs", "nginx-dns-failure")),
                            broker.bootstrap(),
                            StreamingConfig.DEFAULT_TOPIC,
                            2026);
            JsonNode dns =
                    awaitJson(
                            again,
                            "/api/incidents?service=billing.example.com",
                            j -> j.path("total").asInt() == 1 && "DNS_FAILURE".equals(topCause(j)));
            assertThat(dns.path("incidents").path(0).path("start").asText())
                    .startsWith("2026-03-14T10:0");
            assertThat(awaitJson(again, "/api/incidents", j -> true).path("total").asInt())
                    .isEqualTo(2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (linesParsed(again) < before + sent && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(before).isEqualTo(replayed + 1);
            assertThat((long) linesParsed(again)).isEqualTo(replayed + 1 + sent);
        } finally {
            again.close();
        }
    }

    static String rejectedReasons() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "check-rejected");
        StringBuilder sb = new StringBuilder();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(StreamingConfig.REJECTED_TOPIC));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && sb.isEmpty()) {
                c.poll(Duration.ofMillis(500))
                        .forEach(
                                r ->
                                        sb.append(
                                                new String(
                                                        r.value().getBytes(StandardCharsets.UTF_8),
                                                        StandardCharsets.UTF_8)));
            }
        }
        return sb.toString();
    }
}
