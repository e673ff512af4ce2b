package io.gatescope.analyzer.job;

import io.gatescope.ingest.envelope.Envelope;
import io.gatescope.ingest.envelope.EnvelopeDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A Kafka record as a {@link RawLine}: the key names the source (the shipper's file path), the
 * value is the line.
 */
public class RawLineDeserializer implements KafkaRecordDeserializationSchema<RawLine> {

    private transient EnvelopeDecoder envelopes;

    // A file's lines share one key: the last key's text is reused, not decoded per record.
    private transient byte[] lastKey;
    private transient String lastSource;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawLine> out) {
        Header control = record.headers().lastHeader(RawLine.CONTROL_HEADER);
        if (control != null) {
            String notice = new String(control.value(), StandardCharsets.UTF_8);
            if (RawLine.OPEN.equals(notice) || RawLine.EOF.equals(notice)) {
                out.collect(RawLine.notice(source(record), notice));
            }
            return; // a notice of a kind this version does not know: no line either
        }
        Header addresses = record.headers().lastHeader(RawLine.ADDRESSES_HEADER);
        out.collect(
                new RawLine(
                        source(record),
                        record.value() == null ? new byte[0] : record.value(),
                        null,
                        addresses == null
                                ? null
                                : new String(addresses.value(), StandardCharsets.UTF_8)));
    }

    private String source(ConsumerRecord<byte[], byte[]> record) {
        byte[] key = record.key();
        if (key == null) {
            // A shipper that sets no key (Filebeat's default) names the file inside its envelope:
            // the watermarks wait per file, so the file must be known before parsing.
            byte[] v = record.value();
            String partition = record.topic() + "/" + record.partition();
            if (v != null && v.length > 0 && v[0] == '{') {
                if (envelopes == null) {
                    envelopes = new EnvelopeDecoder();
                }
                Envelope env = envelopes.decode(new String(v, StandardCharsets.UTF_8), partition);
                return env == null ? partition : env.source();
            }
            return partition;
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
