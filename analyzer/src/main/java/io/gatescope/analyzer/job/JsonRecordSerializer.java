package io.gatescope.analyzer.job;

import io.gatescope.analyzer.report.Json;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes records as JSON to a topic, keyed so that a compacted topic keeps the latest per key. */
public class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private final String topic;
    private final KeySelector<T, String> key;

    public JsonRecordSerializer(String topic, KeySelector<T, String> key) {
        this.topic = topic;
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext ctx, Long timestamp) {
        try {
            byte[] k = key.getKey(element).getBytes(StandardCharsets.UTF_8);
            return new ProducerRecord<>(
                    topic, null, timestamp, k, Json.mapper().writeValueAsBytes(element));
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot serialise " + element.getClass().getSimpleName(), e);
        }
    }
}
