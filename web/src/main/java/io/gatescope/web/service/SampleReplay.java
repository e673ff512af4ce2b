package io.gatescope.web.service;

import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.ParseContext;
import io.gatescope.ingest.parse.Timestamps;
import io.gatescope.ingest.read.LineReader;
import io.gatescope.ingest.read.LogFiles;
import io.gatescope.ingest.ship.Shipper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays recorded scenarios into Kafka in event-time order, as the gateways wrote them. Files
 * shipped one after another would reach a partition hours apart in event time, and the later ones
 * would be late; merging all lines by their time is what a live feed looks like.
 */
public final class SampleReplay {

    /** A line with its time and source. */
    record Timed(long time, String source, String line) {}

    private SampleReplay() {}

    /** The scenario folders' log files (every sub-folder but {@code expected}). */
    public static List<Path> sampleFiles(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path dir :
                    s.filter(Files::isDirectory)
                            .filter(d -> !d.getFileName().toString().equals("expected"))
                            .sorted()
                            .toList()) {
                out.addAll(LogFiles.expand(List.of(dir)));
            }
        }
        return out;
    }

    /** Sends the files' lines in time order; returns how many were sent. */
    public static long replay(List<Path> files, String bootstrap, String topic, int year)
            throws IOException {
        LogLineParser parser = new LogLineParser(ParseContext.defaults().withDefaultYear(year));
        List<Timed> lines = new ArrayList<>();
        for (Path f : files) {
            try (LineReader r = new LineReader(LogFiles.open(f), ParseContext.DEFAULT_MAX_LINE)) {
                String line;
                String source = f.toString();
                long last = 0;
                while ((line = r.next()) != null) {
                    LogEvent e = parser.parse(line, source);
                    long t = e.timeMillis() == Timestamps.INVALID ? last : e.timeMillis();
                    last = t;
                    lines.add(new Timed(t, source, line));
                }
            }
        }
        lines.sort(Comparator.comparingLong(Timed::time));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            // As ship does: each file announced before its lines, and said to be shipped to its
            // end after them, so that the analyzer waits for each and no longer than that.
            for (Path f : files) {
                producer.send(notice(topic, f.toString(), Shipper.OPEN));
            }
            for (Timed t : lines) {
                // One partition for the whole replay, one time order; the key names the file, as
                // ship's does, so that each scenario's nginx is an instance of its own.
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                0,
                                t.time(),
                                t.source(),
                                t.line().getBytes(StandardCharsets.UTF_8)));
            }
            for (Path f : files) {
                producer.send(notice(topic, f.toString(), Shipper.EOF));
            }
            producer.flush();
        }
        return lines.size();
    }

    private static ProducerRecord<String, byte[]> notice(String topic, String source, String what) {
        RecordHeaders h = new RecordHeaders();
        h.add(new RecordHeader(Shipper.CONTROL_HEADER, what.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(topic, 0, null, source, null, h);
    }
}
