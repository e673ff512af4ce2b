package io.gatescope.web.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatescope.analyzer.job.AnalyzerConfig;
import io.gatescope.analyzer.job.FileAnalysis;
import io.gatescope.analyzer.model.Evidence;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.report.AnalysisDocument;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.kafka.EmbeddedKafkaBroker;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.Timestamps;
import io.gatescope.ingest.read.LineReader;
import io.gatescope.ingest.read.LogFiles;
import io.gatescope.ingest.ship.Shipper;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service in a JVM of its own, fed through a real broker while things go wrong: the
 * service killed with SIGKILL halfway and started again on its data, lines sent while it was dead,
 * then the broker stopped for 30 s while lines keep coming. Afterwards its incidents are the ones
 * {@code analyze} finds in the same lines, and it has counted every line exactly once.
 */
class ServiceCrashIT {

    static final String TOKEN = "tok";
    static final String TOPIC = "gatescope.raw";

    @TempDir static Path tmp;
    static Path brokerDir;
    static EmbeddedKafkaBroker broker;
    static int brokerPort;

    /** A line, its source and its time. */
    record Timed(String source, long time, byte[] line) {}

    @BeforeAll
    static void startBroker() throws Exception {
        brokerDir = tmp.resolve("kafka");
        broker = EmbeddedKafkaBroker.start(brokerDir, 0);
        brokerPort = Integer.parseInt(broker.bootstrap().substring("127.0.0.1:".length()));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    static List<Path> files() {
        return LogFiles.expand(
                List.of(
                        Path.of("..", "sample-logs", "nginx-upstream-down"),
                        Path.of("..", "sample-logs", "nginx-dns-failure")));
    }

    /** Every line of the files, in time order, as a live feed delivers them. */
    static List<Timed> timedLines(List<Path> files) throws Exception {
        LogLineParser parser = new LogLineParser(io.gatescope.ingest.parse.ParseContext.defaults());
        List<Timed> out = new ArrayList<>();
        for (Path f : files) {
            try (LineReader r =
                    new LineReader(
                            LogFiles.open(f),
                            io.gatescope.ingest.parse.ParseContext.DEFAULT_MAX_LINE)) {
                long last = 0;
                byte[] b;
                while ((b = r.nextBytes()) != null) {
                    LogEvent e = parser.parse(new String(b, StandardCharsets.UTF_8), "x");
                    long t = e.timeMillis() == Timestamps.INVALID ? last : e.timeMillis();
                    last = t;
                    out.add(new Timed(f.toString(), t, b));
                }
            }
        }
        out.sort(Comparator.comparingLong(Timed::time));
        return out;
    }

    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        "bootstrap.servers", broker.bootstrap(),
                        "acks", "all",
                        "enable.idempotence", "true",
                        "linger.ms", "20",
                        // Lines keep coming while the broker is away: held and retried.
                        "delivery.timeout.ms", "180000",
                        "max.block.ms", "180000"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    static int partition(String source) {
        return Math.floorMod(Path.of(source).getParent().toString().hashCode(), 2);
    }

    static void send(KafkaProducer<String, byte[]> p, List<Timed> lines) {
        for (Timed t : lines) {
            p.send(new ProducerRecord<>(TOPIC, partition(t.source()), t.source(), t.line()));
        }
    }

    static void notice(KafkaProducer<String, byte[]> p, List<Path> files, String what) {
        for (Path f : files) {
            RecordHeaders h = new RecordHeaders();
            h.add(new RecordHeader(Shipper.CONTROL_HEADER, what.getBytes(StandardCharsets.UTF_8)));
            p.send(
                    new ProducerRecord<>(
                            TOPIC, partition(f.toString()), null, f.toString(), null, h));
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Process startService(Path data, int port) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        String opens = System.getProperty("gatescope.flink.opens", "");
        if (!opens.isBlank()) {
            cmd.addAll(List.of(opens.trim().split("\\s+")));
        }
        cmd.addAll(
                List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.gatescope.web.cli.GatescopeCommand",
                        "serve",
                        "--bootstrap",
                        broker.bootstrap(),
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--data",
                        data.toString(),
                        "--api-token",
                        TOKEN));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(tmp.resolve("service.log").toFile()))
                .start();
    }

    @Test
    void aKilledServiceAndAStoppedBrokerChangeNothingInTheAnswer() throws Exception {
        List<Path> files = files();
        List<Timed> lines = timedLines(files);
        int third = lines.size() / 3;
        Path data = tmp.resolve("data");
        int port = freePort();
        ServiceClient api = new ServiceClient(port, TOKEN);
        Process service = startService(data, port);
        try (KafkaProducer<String, byte[]> p = producer()) {
            api.await("/api/health", h -> "UP".equals(h.path("status").asText()), 120);
            notice(p, files, Shipper.OPEN);
            send(p, lines.subList(0, third));
            p.flush();
            api.awaitMetric("gatescope_lines_parsed", third, 120);
            Thread.sleep(6_000); // a checkpoint (every 5 s) after some of those lines

            // SIGKILL: nothing is closed, flushed or committed.
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            send(p, lines.subList(third, 2 * third));
            p.flush();
            service = startService(data, port);
            api.await("/api/health", h -> "UP".equals(h.path("status").asText()), 120);
            api.awaitMetric("gatescope_lines_parsed", 2 * third, 120);

            // The broker goes away for 30 s while the rest of the lines are sent.
            broker.close();
            Thread sender =
                    new Thread(
                            () -> {
                                send(p, lines.subList(2 * third, lines.size()));
                                notice(p, files, Shipper.EOF);
                                p.flush();
                            });
            sender.start();
            JsonNode degraded =
                    api.await("/api/health", h -> "DEGRADED".equals(h.path("status").asText()), 60);
            assertThat(degraded.path("kafka").asText()).startsWith("DOWN");
            Thread.sleep(30_000);
            broker = EmbeddedKafkaBroker.start(brokerDir, brokerPort);
            sender.join(180_000);
            api.await("/api/health", h -> "UP".equals(h.path("status").asText()), 180);

            // Every line counted once, across the kill, the restart and the outage.
            double parsed = api.awaitMetric("gatescope_lines_parsed", lines.size(), 180);
            assertThat(parsed).isEqualTo(lines.size());

            AnalysisDocument batch =
                    FileAnalysis.run(
                                    files,
                                    FileAnalysis.withHints(files, AnalyzerConfig.defaults(), false),
                                    2)
                            .document();
            assertThat(batch.incidents()).hasSize(2);
            for (Incident want : batch.incidents()) {
                // The last version: the episode closed once the quiet steps after it were decided.
                JsonNode got =
                        api.await(
                                "/api/incidents/" + want.id(),
                                j ->
                                        j.path("errors").asLong() == want.errors()
                                                && want.status().equals(j.path("status").asText()),
                                180);
                assertThat(got.path("service").asText()).isEqualTo(want.service());
                assertThat(got.path("start").asText()).isEqualTo(want.start());
                assertThat(got.path("end").asText()).isEqualTo(want.end());
                assertThat(got.path("requests").asLong()).isEqualTo(want.requests());
                assertThat(got.path("status").asText()).isEqualTo(want.status());
                JsonNode causes = got.path("causes");
                assertThat(causes.size()).isEqualTo(want.causes().size());
                for (int i = 0; i < want.causes().size(); i++) {
                    var c = want.causes().get(i);
                    assertThat(causes.get(i).path("cause").asText()).isEqualTo(c.cause());
                    assertThat(causes.get(i).path("confidence").asDouble())
                            .isEqualTo(c.confidence());
                    List<Long> counts = new ArrayList<>();
                    causes.get(i)
                            .path("evidence")
                            .forEach(e -> counts.add(e.path("count").asLong()));
                    assertThat(counts)
                            .isEqualTo(c.evidence().stream().map(Evidence::count).toList());
                }
            }
            assertThat(api.get("/api/incidents").path("total").asInt()).isEqualTo(2);
        } finally {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
            service.destroyForcibly();
        }
    }
}
