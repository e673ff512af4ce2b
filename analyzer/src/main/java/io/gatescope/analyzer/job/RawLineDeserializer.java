package io.gatescope.analyzer.job;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record as a {@link RawLine}: the key names the source (the shipper's file path), the
 * value is the line.
 */
public class RawLineDeserializer implements KafkaRecordDeserializationSchema<RawLine> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawLine> out) {
        String source =
                record.key() == null
                        ? record.topic() + "/" + record.partition()
                        : new String(record.key(), StandardCharsets.UTF_8);
        out.collect(new RawLine(source, record.value() == null ? new byte[0] : record.value()));
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }
}
