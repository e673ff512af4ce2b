package io.gatescope.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.ingest.kafka.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatescope ship} from the command line into a real (embedded) broker. */
class ShipCommandIT {

    @TempDir static Path tmp;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"), 0);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** The line records of {@code topic} (not the shipper's notices), at least {@code atLeast}. */
    static List<ConsumerRecord<String, String>> read(String topic, int atLeast) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(
                        Map.of(
                                "bootstrap.servers",
                                broker.bootstrap(),
                                "group.id",
                                "check-" + topic,
                                "auto.offset.reset",
                                "earliest"),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // Past the count, one more poll: records sent twice would show there.
            int extraPolls = 2;
            while ((out.size() < atLeast || extraPolls-- > 0) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    if (r.headers().lastHeader("gatescope-control") == null) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void shipSendsEveryLineOnceAndAgainOnlyFromTheStart() throws Exception {
        Path log = tmp.resolve("access.log");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            lines.add(
                    "10.0.0."
                            + (i % 200)
                            + " - - [14/Mar/2026:09:00:0"
                            + (i % 10)
                            + " +0000] \"GET /"
                            + i
                            + " HTTP/1.1\" 200 12 \"-\" \"curl/8\"");
        }
        Files.write(log, lines, StandardCharsets.UTF_8);
        Path registry = tmp.resolve("registry.json");
        String[] args = {
            "ship",
            "--bootstrap",
            broker.bootstrap(),
            "--topic",
            "t-cli",
            "--source-host",
            "web-1",
            "--registry",
            registry.toString(),
            log.toString()
        };
        CommandLineRun first = CommandLineRun.of("", args);
        assertThat(first.code()).as(first.err()).isZero();
        // A second run resumes from the registry: nothing is sent twice.
        CommandLineRun again = CommandLineRun.of("", args);
        assertThat(again.code()).as(again.err()).isZero();
        List<ConsumerRecord<String, String>> records = read("t-cli", 500);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(lines);
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo("web-1:" + log));
    }

    @Test
    void shipWithoutABrokerOrWithAMissingFileSaysSoInOneLine() {
        CommandLineRun missing =
                CommandLineRun.of(
                        "",
                        "ship",
                        "--bootstrap",
                        broker.bootstrap(),
                        tmp.resolve("nope.log").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.errIsOneLine()).as(missing.err()).isTrue();
        CommandLineRun noBootstrap = CommandLineRun.of("", "ship", tmp.toString());
        assertThat(noBootstrap.code()).isEqualTo(2);
        assertThat(noBootstrap.errIsOneLine()).as(noBootstrap.err()).isTrue();
    }
}
