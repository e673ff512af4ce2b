package io.gatescope.analyzer.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RawLineDeserializerTest {

    private final RawLineDeserializer deserializer = new RawLineDeserializer();
    private final List<RawLine> out = new ArrayList<>();
    private final Collector<RawLine> collector =
            new Collector<>() {
                @Override
                public void collect(RawLine record) {
                    out.add(record);
                }

                @Override
                public void close() {}
            };

    @Test
    void theKeyNamesTheSourceAndTheValueIsTheLine() throws Exception {
        read("/var/log/nginx/a.log", "line one");
        read("/var/log/nginx/a.log", "line two");
        read("/var/log/nginx/b.log", "line three");
        read(null, "keyless");
        assertThat(out)
                .extracting(RawLine::source)
                .containsExactly(
                        "/var/log/nginx/a.log",
                        "/var/log/nginx/a.log",
                        "/var/log/nginx/b.log",
                        "gatescope.raw/3");
        assertThat(out)
                .extracting(RawLine::line)
                .containsExactly("line one", "line two", "line three", "keyless");
    }

    @Test
    void aRecordWithoutValueIsAnEmptyLine() throws Exception {
        deserializer.deserialize(
                new ConsumerRecord<>("gatescope.raw", 3, 0L, "k".getBytes(UTF_8), null), collector);
        assertThat(out.get(0).bytes()).isEmpty();
    }

    private void read(String key, String value) throws Exception {
        deserializer.deserialize(
                new ConsumerRecord<>(
                        "gatescope.raw",
                        3,
                        out.size(),
                        key == null ? null : key.getBytes(UTF_8),
                        value.getBytes(UTF_8)),
                collector);
    }
}
