package io.gatescope.analyzer.job;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record as a {@link RawLine}: the key names the source (the shipper's file path), the
 * value is the line.
 */
public class RawLineDeserializer implements KafkaRecordDeserializationSchema<RawLine> {

    // A file's lines share one key: the last key's text is reused, not decoded per record.
    private transient byte[] lastKey;
    private transient String lastSource;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawLine> out) {
        out.collect(
                new RawLine(source(record), record.value() == null ? new byte[0] : record.value()));
    }

    private String source(ConsumerRecord<byte[], byte[]> record) {
        byte[] key = record.key();
        if (key == null) {
            return record.topic() + "/" + record.partition();
        }
        if (!Arrays.equals(key, lastKey)) {
            lastKey = key;
            lastSource = new String(key, StandardCharsets.UTF_8);
        }
        return lastSource;
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }
}
