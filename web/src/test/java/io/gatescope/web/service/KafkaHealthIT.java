package io.gatescope.web.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.job.StreamingConfig;
import io.gatescope.ingest.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What /api/health and /metrics say of Kafka, against a real broker that then goes away. */
class KafkaHealthIT {

    @TempDir Path tmp;

    @Test
    void kafkaIsUpWithTheTopicsCountsAndDownOnceTheBrokerIsGone() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(tmp.resolve("kafka"), 0);
        StreamingConfig sc = StreamingConfig.defaults(broker.bootstrap());
        try (KafkaProducer<String, String> p =
                new KafkaProducer<>(
                        Map.of("bootstrap.servers", broker.bootstrap(), "acks", "all"),
                        new StringSerializer(),
                        new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                p.send(new ProducerRecord<>(sc.topic(), "k", "line " + i)).get();
            }
            for (int i = 0; i < 2; i++) {
                p.send(new ProducerRecord<>(sc.rejectedTopic(), "k", "bad " + i)).get();
            }
        }
        try (KafkaHealth health = new KafkaHealth(sc)) {
            assertThat(health.state()).isEqualTo("UP");
            assertThat(health.linesIn()).isEqualTo(5);
            assertThat(health.rejected()).isEqualTo(2);
            // No analyzer has committed anything: every line is still to read.
            assertThat(health.lag()).isEqualTo(5);
            broker.close();
            broker = null;
            // Checked at most every 5 s: wait for the next check to see the broker gone.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!health.state().startsWith("DOWN") && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(health.state()).startsWith("DOWN: ");
            assertThat(health.state().lines().count()).isEqualTo(1);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
